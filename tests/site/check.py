"""Checks over a built action site, for tests/site.rs. Standard library only, except `feed`,
which uses feedparser (scripts/setup installs it).

  check.py links OUT [BASE_URL]  every internal link, asset and #fragment resolves; no page
                                 loads anything from elsewhere; each page's structure is sound
  check.py dom FILE              what a page shows, as JSON (headings, text, letters, links)
  check.py feed FILE OUT BASE_URL  the Atom feed parses and its entries point at pages

Each prints JSON on standard output.
"""

import json
import os
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """One HTML file: its links, ids, headings, text and letters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.ids = []
        self.links = []        # (tag, attr, value, attrs)
        self.headings = []     # (level, text)
        self.stack = []
        self.text = []
        self.pres = {}
        self.buttons = []
        self.title = ""
        self._heading = None
        self._pre = None
        self._button = None
        self._in_title = False
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        for attr in ("href", "src"):
            if attr in a:
                self.links.append((tag, attr, a[attr], a))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]
        if tag == "pre":
            self._pre = [a.get("id"), ""]
        if tag == "button":
            self._button = [a, ""]
        if tag == "title":
            self._in_title = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        if tag == "pre" and self._pre:
            self.pres[self._pre[0]] = self._pre[1]
            self._pre = None
        if tag == "button" and self._button:
            self.buttons.append({"attrs": self._button[0], "text": self._button[1].strip()})
            self._button = None
        if tag == "title":
            self._in_title = False
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
            return
        if "script" in self.stack or "style" in self.stack:
            return
        self.text.append(data)
        if self._heading:
            self._heading[1] += data
        if self._pre:
            self._pre[1] += data
        if self._button:
            self._button[1] += data


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def mailto(href):
    """A mailto: link's parts, decoded."""
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    return {
        "length": len(href),
        "to": [unquote(x) for x in parts.path.split(",") if x],
        "cc": [x for v in query.get("cc", []) for x in v.split(",") if x],
        "subject": query.get("subject", [""])[0],
        "body": query.get("body", [None])[0],
    }


def dom(path):
    p = parse(path)
    return {
        "lang": p.lang,
        "title": p.title.strip(),
        "headings": p.headings,
        "text": " ".join(" ".join(p.text).split()),
        "letters": p.pres,
        "buttons": p.buttons,
        "links": [{"tag": t, "href": v, "hreflang": a.get("hreflang"), "lang": a.get("lang"),
                   "rel": a.get("rel"), "text": None} for (t, attr, v, a) in p.links],
        "mailtos": [mailto(v) for (t, attr, v, a) in p.links if v.startswith("mailto:")],
    }


def local_target(out, page, value, base_url):
    """The file a link points to inside `out`, or None when it leaves the site."""
    if base_url and value.startswith(base_url):
        rel = value[len(base_url):]
        target = os.path.join(out, unquote(urlsplit(rel).path))
        return target, urlsplit(value).fragment
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None, None
    base = os.path.dirname(page)
    target = os.path.normpath(os.path.join(base, unquote(parts.path))) if parts.path else page
    return target, parts.fragment


def links(out, base_url):
    problems = []
    pages = {}
    files = []
    for d, _, names in os.walk(out):
        for n in names:
            files.append(os.path.join(d, n))
    for f in files:
        if f.endswith(".html"):
            pages[f] = parse(f)
    checked = 0
    for f, p in sorted(pages.items()):
        rel = os.path.relpath(f, out)
        if not p.lang:
            problems.append(f"{rel}: <html> has no lang")
        h1 = [h for h in p.headings if h[0] == 1]
        if len(h1) != 1:
            problems.append(f"{rel}: {len(h1)} h1 headings")
        last = 0
        for level, text in p.headings:
            if level > last + 1:
                problems.append(f"{rel}: heading h{level} '{text}' follows h{last}")
            last = level
        dupes = {i for i in p.ids if p.ids.count(i) > 1}
        if dupes:
            problems.append(f"{rel}: duplicate ids {sorted(dupes)}")
        for b in p.buttons:
            if not b["text"]:
                problems.append(f"{rel}: a button without a label")
        for tag, attr, value, a in p.links:
            if value.startswith(("mailto:", "tel:", "data:")):
                continue
            target, fragment = local_target(out, f, value, base_url)
            external = target is None
            # Resources a browser loads with the page must be local; links may go anywhere.
            loads = tag in ("script", "img", "iframe", "source", "video", "audio") or (
                tag == "link" and a.get("rel") not in ("alternate",))
            if external:
                if loads:
                    problems.append(f"{rel}: loads {value} from elsewhere")
                continue
            checked += 1
            if os.path.isdir(target):
                target = os.path.join(target, "index.html")
            if not os.path.isfile(target):
                problems.append(f"{rel}: {tag} {attr}={value} -> missing {os.path.relpath(target, out)}")
                continue
            if fragment:
                tp = pages.get(target)
                if tp is None or fragment not in tp.ids:
                    problems.append(f"{rel}: {value}: no id '{fragment}' in the target")
    return {"problems": problems, "checked": checked, "pages": len(pages)}


def feed(path, out, base_url):
    import feedparser
    with open(path, "rb") as f:
        d = feedparser.parse(f.read())
    problems = []
    if d.bozo:
        problems.append(f"not well-formed: {d.get('bozo_exception')}")
    if d.version != "atom10":
        problems.append(f"version {d.version!r}, not atom10")
    if not (d.feed.get("id") and d.feed.get("updated") and d.feed.get("title")):
        problems.append("the feed lacks id, updated or title")
    entries = []
    for e in d.entries:
        if not (e.get("id") and e.get("updated") and e.get("title") and e.get("link")):
            problems.append(f"entry {e.get('id')} lacks id, updated, title or link")
            continue
        if not e.link.startswith(base_url):
            problems.append(f"entry link {e.link} is not under {base_url}")
        else:
            target = os.path.join(out, e.link[len(base_url):], "index.html")
            if not os.path.isfile(target):
                problems.append(f"entry link {e.link}: no page {target}")
        entries.append({"id": e.id, "title": e.title, "link": e.link, "updated": e.updated,
                        "summary": e.get("summary", "")})
    return {"problems": problems, "language": d.feed.get("language"),
            "title": d.feed.get("title"), "entries": entries}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "links":
        result = links(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif mode == "dom":
        result = dom(sys.argv[2])
    elif mode == "feed":
        result = feed(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
