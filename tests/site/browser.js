// The action site in a real browser, for tests/site.rs: Debian's chromium driven by
// puppeteer-core (never a downloaded browser), axe-core injected into each page. Prints what
// it saw as JSON; the Rust test judges it.
//
//   NODE_PATH=.ci/node_modules node tests/site/browser.js CONFIG_JSON
//
// CONFIG_JSON: {"base": "http://127.0.0.1:PORT/", "langs": ["en", ...], "case": "ua-82-18",
//               "now": "2018-05-20T06:00:00Z", "later": "2018-05-30T06:00:00Z", "shots": DIR}
"use strict";
const puppeteer = require("puppeteer-core");
const fs = require("fs"), os = require("os"), path = require("path");

const config = JSON.parse(process.argv[2]);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Fixes the page's clock, so the live count-down starts from the build date.
function fixDate(now) {
  const Real = Date, fixed = new Real(now).getTime();
  class FixedDate extends Real {
    constructor(...a) { if (a.length === 0) { super(fixed); } else { super(...a); } }
    static now() { return fixed; }
  }
  window.Date = FixedDate;
}

(async () => {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), "site-udd-"));
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: udd,
    env: { ...process.env, XDG_CONFIG_HOME: udd + "/xdg", XDG_CACHE_HOME: udd + "/cache" },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run",
      // No name lookups: nothing can leave the machine even if a page asked.
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
  });
  const requests = [], offHost = [];
  const origin = new URL(config.base).origin;
  await browser.defaultBrowserContext().overridePermissions(origin,
    ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);

  async function open(url, { width = 1280, height = 900, js = true, now = config.now } = {}) {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    await page.setJavaScriptEnabled(js);
    await page.evaluateOnNewDocument(fixDate, now);
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const u = new URL(req.url());
      requests.push(req.url());
      if (["data:", "blob:", "about:"].includes(u.protocol) || u.hostname === "127.0.0.1") {
        return req.continue();
      }
      offHost.push(req.url());
      return req.abort("blockedbyclient");
    });
    const response = await page.goto(url, { waitUntil: "load", timeout: 20000 });
    return { page, status: response ? response.status() : 0 };
  }

  async function axe(page) {
    await page.evaluate(AXE);
    const res = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")) }));
  }

  const readAction = () => ({
    lang: document.documentElement.lang,
    h1: document.querySelector("h1").textContent.trim(),
    deadline: [...document.querySelectorAll(".deadline dd")].map((d) => d.textContent.trim()),
    daysLeft: (document.querySelector(".days-left") || { textContent: "" }).textContent.trim(),
    targets: [...document.querySelectorAll("article.target h3")].map((h) => h.textContent.trim()),
    letters: [...document.querySelectorAll("pre.letter-text")].map((p) => ({ id: p.id, text: p.textContent })),
    copyButtons: [...document.querySelectorAll("button.copy")].map((b) => ({
      visible: !b.hidden && b.offsetParent !== null, label: b.textContent.trim() })),
    mailtos: [...document.querySelectorAll('a[href^="mailto:"]')].map((a) => {
      const u = new URL(a.href);
      return { href: a.href, protocol: u.protocol, to: decodeURIComponent(u.pathname).split(","),
        cc: (u.searchParams.get("cc") || "").split(",").filter(Boolean),
        subject: u.searchParams.get("subject"), body: u.searchParams.get("body") };
    }),
  });

  const out = { langs: {}, requests: [], offHost: [] };
  try {
    for (const lang of config.langs) {
      const r = {};
      const actionUrl = `${config.base}${lang}/${config.case}/index.html`;
      const indexUrl = `${config.base}${lang}/index.html`;

      // Desktop: the page as built, a screenshot, the accessibility check, the copy button.
      let { page, status } = await open(actionUrl);
      r.status = status;
      r.action = await page.evaluate(readAction);
      await page.screenshot({ path: path.join(config.shots, `${lang}-action.png`), fullPage: true });
      await page.screenshot({ path: path.join(config.shots, `${lang}-action-top.png`) });
      r.axeAction = await axe(page);
      await page.keyboard.press("Tab");
      r.firstFocus = await page.evaluate(() => {
        const el = document.activeElement, st = getComputedStyle(el);
        return { cls: el.className, outline: st.outlineStyle, width: st.outlineWidth };
      });
      await page.bringToFront();
      await page.click("button.copy");
      await page.waitForFunction(() => document.querySelector(".copy-status").textContent !== "", { timeout: 5000 });
      r.copy = await page.evaluate(async () => ({
        status: document.querySelector(".copy-status").textContent,
        selected: window.getSelection().toString(),
        clipboard: await navigator.clipboard.readText().catch((e) => "ERROR " + e),
        letter: document.querySelector("pre.letter-text").textContent,
      }));
      await page.emulateMediaType("print");
      r.print = await page.evaluate(() => ({
        copyHidden: [...document.querySelectorAll(".copy-row, .actions, .langs")]
          .every((el) => getComputedStyle(el).display === "none"),
        lettersShown: [...document.querySelectorAll("pre.letter-text")]
          .every((el) => getComputedStyle(el).display !== "none"),
      }));
      await page.close();

      // A phone: nothing wider than the screen.
      ({ page } = await open(actionUrl, { width: 360, height: 740 }));
      r.narrow = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
      await page.screenshot({ path: path.join(config.shots, `${lang}-action-360.png`), fullPage: true });
      await page.close();

      // Ten days later, the count-down moves on by itself.
      ({ page } = await open(actionUrl, { now: config.later }));
      r.later = await page.evaluate(() => document.querySelector(".days-left").textContent.trim());
      await page.close();

      // Without JavaScript: the same content, no dead buttons.
      ({ page } = await open(actionUrl, { js: false }));
      r.noScript = await page.evaluate(readAction);
      await page.close();

      // The index.
      ({ page, status } = await open(indexUrl));
      r.indexStatus = status;
      r.index = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelector("h1").textContent.trim(),
        cards: [...document.querySelectorAll(".card h2 a")].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute("href") })),
      }));
      await page.screenshot({ path: path.join(config.shots, `${lang}-index.png`), fullPage: true });
      r.axeIndex = await axe(page);
      await page.close();
      out.langs[lang] = r;
    }
    // The root page and an archive, checked for accessibility too.
    for (const u of ["", "en/archive.html"]) {
      const { page } = await open(config.base + u);
      out[`axe:${u || "root"}`] = await axe(page);
      await page.close();
    }
  } finally {
    out.requests = [...new Set(requests)].sort();
    out.offHost = offHost;
    await browser.close();
    fs.rmSync(udd, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out, null, 1));
})().catch((e) => { console.error(e); process.exit(2); });
