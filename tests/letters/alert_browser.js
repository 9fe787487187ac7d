// The alerts' HTML parts in a real browser, for tests/letters.rs: Debian's chromium driven by
// puppeteer-core (never a downloaded browser). Each page at 360 and 700 px: what overflows,
// the buttons, the framed letters, the address blocks, and any request that would leave the
// file. Prints what it saw as JSON; the Rust test judges it.
//
//   NODE_PATH=.ci/node_modules node tests/letters/alert_browser.js CONFIG_JSON
//
// CONFIG_JSON: {"pages": [{"file": PATH, "name": NAME, "button": URL}, ...], "shots": DIR}
"use strict";
const puppeteer = require("puppeteer-core");
const fs = require("fs"), os = require("os"), path = require("path");

const config = JSON.parse(process.argv[2]);

(async () => {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), "alert-udd-"));
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: udd,
    env: { ...process.env, XDG_CONFIG_HOME: udd + "/xdg", XDG_CACHE_HOME: udd + "/cache" },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run",
      // No name lookups: nothing can leave the machine even if a message asked.
      "--host-resolver-rules=MAP * ~NOTFOUND"],
  });
  const seen = [];
  for (const p of config.pages) {
    for (const width of [360, 700]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      const offsite = [];
      await page.setRequestInterception(true);
      page.on("request", (req) => {
        const u = new URL(req.url());
        if (["file:", "data:", "about:"].includes(u.protocol)) { return req.continue(); }
        offsite.push(req.url());
        return req.abort("blockedbyclient");
      });
      await page.goto("file://" + p.file, { waitUntil: "load", timeout: 20000 });
      const got = await page.evaluate(() => {
        const filled = (el) => {
          const bg = getComputedStyle(el).backgroundColor;
          return bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent";
        };
        const buttons = [...document.querySelectorAll("a")].filter(filled);
        const pres = [...document.querySelectorAll("pre")];
        const blocks = [...document.querySelectorAll("p")].filter((el) =>
          getComputedStyle(el).borderTopStyle === "solid" && el.querySelector("strong") && el.querySelector("br"));
        return {
          scrollWidth: document.documentElement.scrollWidth,
          buttons: buttons.map((a) => a.href),
          buttonHeight: buttons.length ? buttons[0].getBoundingClientRect().height : 0,
          letters: pres.length,
          letterFits: pres.every((el) => el.scrollWidth <= el.clientWidth + 1
            && el.getBoundingClientRect().right <= document.documentElement.clientWidth),
          targetBlocks: blocks.length,
        };
      });
      const shot = path.join(config.shots, `${p.name}-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      seen.push({ name: p.name, width, button: p.button, offsite, shot, ...got });
      await page.close();
    }
  }
  await browser.close();
  fs.rmSync(udd, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(seen));
})().catch((e) => { console.error(e); process.exit(1); });
