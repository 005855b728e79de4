"""Every page of the demo on two phones and a laptop: screenshots, and the geometry a reader notices.

At 390x844 and 320x640 (phones) and 1366x768 (a laptop), anonymous and logged in as the demo's reader
and Kabar+ member, each page of tests/browser/site_pages.py is opened once and measured:

- nothing scrolls sideways (document.scrollingElement.scrollWidth <= the viewport's width);
- on phones the site header is at most 64 px tall, with the reader's avatar or the Kabar+ badge too;
- on the laptop the home page's lead headline is above the fold (its box ends within 768 px);
- nothing covers the article's text: at each paragraph, the element on top of its lines is the text
  itself (a rail, a floating button or an ad laid over it is found); what is fixed or sticky to the
  screen (the sticky ad, its close control) keeps its parts inside its own box; and at the end of the
  page the last paragraph is clear of it.

Screenshots of home, section, article and the other pages of the tree go to test-artifacts/ as
<test>-<db>-<width>x<height>-<page>.png (the first screen) and <page>-full.png (the whole page, anonymous
only), listed in <test>-<db>-index.txt. One demo, one browser, one
context per screen size and reader; every failure of every page is reported at once.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.site_pages import (
    ARTICLE_TEXT,
    HEADER,
    MEMBER,
    READER,
    SitePage,
    SiteWalk,
    log_in,
    seed_demo_site,
    walk_site,
)

pytestmark = pytest.mark.browser

PHONE_SIZES = {"390x844": (390, 844), "320x640": (320, 640)}
DESKTOP_SIZES = {"1366x768": (1366, 768)}
PHONE_HEADER_MAX = 64
SCREENSHOT_KINDS = {"home", "section", "article", "page"}

GEOMETRY = """
([headerSelector, width]) => {
  // The screen's width, not window.innerWidth: a phone browser widens its layout viewport to fit a page
  // that overflows, and innerWidth grows with it.
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== "hidden";
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    // Fixed elements follow the widened layout viewport: the culprit is what widened it.
    if (r.right > width + 0.5 && r.width > 0 && visible(el) && getComputedStyle(el).position !== "fixed") {
      wide.push(`${describe(el)} reaches ${Math.round(r.right)} px`);
    }
  }
  const header = document.querySelector(headerSelector);
  const lead = [...document.querySelectorAll("main :is(h1, h2, h3) a[href*='/read/']")].find(visible);
  const leadBox = lead ? lead.closest("h1, h2, h3").getBoundingClientRect() : null;
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    width,
    wide: wide.slice(0, 5),
    header: header ? {height: header.getBoundingClientRect().height, name: describe(header)} : null,
    lead: leadBox ? {bottom: leadBox.bottom + window.scrollY, text: lead.textContent.trim().slice(0, 60)} : null,
  };
}
"""

# What covers the article's text, in three ways (the module's docstring); returns one line per problem.
OVERLAP = """
([textSelector]) => {
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const paragraphs = [...document.querySelectorAll(textSelector)].filter(shown);
  if (!paragraphs.length) { return [`no article text (${textSelector}) on the page`]; }
  const lines = (p) => {
    const range = document.createRange();
    range.selectNodeContents(p);
    return [...range.getClientRects()].filter((r) => r.width > 2 && r.height > 2);
  };
  const snippet = (p) => JSON.stringify(p.textContent.trim().slice(0, 40));
  const covered = new Set();
  for (const p of paragraphs) {
    p.scrollIntoView({block: "center", behavior: "instant"});
    for (const line of lines(p)) {
      const y = line.top + line.height / 2;
      if (y < 0 || y > window.innerHeight) continue;
      for (const x of [line.left + 2, line.left + line.width / 2, line.right - 2]) {
        const top = document.elementFromPoint(x, y);
        if (top && !p.contains(top) && !top.contains(p) && !covered.has(top)) {
          covered.add(top);
          problems.push(`${describe(top)} lies over the text of paragraph ${snippet(p)}`);
        }
      }
    }
  }
  // Whatever stays on the screen while the reader scrolls: its parts stay inside its own box.
  const pinned = [...document.body.querySelectorAll("*")].filter((el) => {
    const position = getComputedStyle(el).position;
    return (position === "fixed" || position === "sticky") && shown(el);
  });
  for (const box of pinned) {
    const outer = box.getBoundingClientRect();
    for (const part of box.querySelectorAll("*")) {
      if (!shown(part)) continue;
      const r = part.getBoundingClientRect();
      const out = Math.max(outer.top - r.top, r.bottom - outer.bottom, outer.left - r.left, r.right - outer.right);
      if (out > 1) {
        problems.push(
          `${describe(part)} sticks ${Math.round(out)} px out of ${describe(box)}, which stays on the screen`
        );
      }
    }
  }
  // At the end of the page the last paragraph can be read: nothing pinned to the screen lies on it.
  window.scrollTo(0, document.scrollingElement.scrollHeight);
  const last = paragraphs[paragraphs.length - 1];
  for (const line of lines(last)) {
    for (const box of pinned) {
      const r = box.getBoundingClientRect();
      if (r.left < line.right && r.right > line.left && r.top < line.bottom && r.bottom > line.top) {
        problems.push(`${describe(box)} covers the last paragraph ${snippet(last)} at the end of the page`);
        break;
      }
    }
  }
  window.scrollTo(0, 0);
  return [...new Set(problems)];
}
"""


@pytest.fixture
def demo_walk(site: Any, tmp_path: Any) -> SiteWalk:
    seed_demo_site(tmp_path / "data")
    return walk_site()


def screen(size: tuple[int, int], phone: bool) -> dict[str, Any]:
    width, height = size
    return {"viewport": {"width": width, "height": height}, "is_mobile": phone, "has_touch": phone}


def test_every_page_fits_phones_and_a_laptop_and_nothing_covers_the_text(open_context, demo_walk, artifact):
    failures = list(demo_walk.problems)
    shots: list[str] = []
    sessions: dict[str, Any] = {}
    sizes = [(name, size, True) for name, size in PHONE_SIZES.items()]
    sizes += [(name, size, False) for name, size in DESKTOP_SIZES.items()]
    for size_name, size, phone in sizes:
        for who in (None, READER, MEMBER):
            context, _problems = open_context(**screen(size, phone), storage_state=sessions.get(who))
            if who is not None and who not in sessions:
                log_in(context, who)
                sessions[who] = context.storage_state()
            page = context.new_page()
            for site_page in (p for p in demo_walk.pages if p.who == who):
                where = f"{site_page.label} at {size_name}"
                failures += check_page(page, site_page, where, size, phone)
                if site_page.kind in SCREENSHOT_KINDS:
                    # The first screen as the reader meets it, and (anonymous) the whole page; logged in,
                    # only the header changes. A full-page capture draws what is fixed to the screen (the
                    # sticky ad) where the first screen ends.
                    captures = [("", False), ("-full", True)] if who is None else [("", False)]
                    for suffix, full_page in captures:
                        path = artifact(f"{size_name}-{site_page.name}{suffix}.png")
                        page.screenshot(path=path, full_page=full_page, scale="css")
                        shots.append(path.name)
            context.close()
    artifact("index.txt").write_text("\n".join(shots) + "\n", encoding="utf-8")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def check_page(page: Any, site_page: SitePage, where: str, size: tuple[int, int], phone: bool) -> list[str]:
    response = page.goto(site_page.path, wait_until="load")
    if response is None or response.status != site_page.status:
        return [f"{where}: status {response.status if response else None}, expected {site_page.status}"]
    found = page.evaluate(GEOMETRY, [HEADER, size[0]])
    failures = []
    if found["scrollWidth"] > found["width"]:
        wide = "; ".join(found["wide"])
        failures.append(f"{where}: scrolls sideways ({found['scrollWidth']} px wide in {found['width']}): {wide}")
    if phone:
        header = found["header"]
        if header is None:
            failures.append(f"{where}: no site header ({HEADER})")
        elif header["height"] > PHONE_HEADER_MAX:
            failures.append(f"{where}: the header {header['name']} is {header['height']:.0f} px tall (max 64)")
    if site_page.kind == "home" and not phone:
        lead = found["lead"]
        if lead is None:
            failures.append(f"{where}: no lead headline (a heading linking to an article) in <main>")
        elif lead["bottom"] > size[1]:
            bottom = round(lead["bottom"])
            failures.append(f"{where}: the lead headline {lead['text']!r} ends at {bottom} px (fold: {size[1]})")
    if site_page.kind == "article":
        failures += [f"{where}: {problem}" for problem in page.evaluate(OVERLAP, [ARTICLE_TEXT])]
    return failures


CROWDED_PAGE = """<!doctype html><html lang="id"><head><title>t</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>
body { margin: 0; font: 16px/1.5 sans-serif; }
.site-header { height: 120px; background: #eee; }
.wide { width: 500px; height: 10px; background: red; }
.article__body p:first-child { margin-bottom: 1500px; }
.rail { position: absolute; top: 140px; left: 40px; width: 200px; height: 220px; background: #ccc; }
.sticky { position: fixed; left: 0; right: 0; bottom: 0; height: 50px; background: #ddd; }
.sticky button { position: absolute; right: 8px; bottom: 100%; height: 44px; }
</style></head><body><header class="site-header">Kabar</header><div class="wide"></div>
<main><h2><a href="/x/read/2026/01/01/1/y/">Judul utama</a></h2><div class="article__body">
<p>Paragraf pertama, di bawah kolom samping yang salah letak.</p>
<p>Paragraf kedua.</p><p>Paragraf terakhir.</p></div></main>
<div class="rail">rail</div><div class="sticky">Iklan<button>Tutup Iklan</button></div></body></html>"""


def test_the_checks_see_a_sideways_scroll_a_tall_header_a_low_headline_and_covered_text(browser):
    context = browser.new_context(**screen((390, 400), True))
    try:
        page = context.new_page()
        page.set_content(CROWDED_PAGE)
        found = page.evaluate(GEOMETRY, [HEADER, 390])
        overlaps = page.evaluate(OVERLAP, [ARTICLE_TEXT])
    finally:
        context.close()
    assert found["scrollWidth"] > found["width"] == 390 and found["wide"][0] == "div.wide reaches 500 px"
    assert found["header"] == {"height": 120, "name": "header.site-header"}
    assert found["lead"]["text"] == "Judul utama" and found["lead"]["bottom"] > 130
    assert any(line.startswith("div.rail lies over the text") for line in overlaps), overlaps
    assert any(line.startswith("button sticks 44 px out of div.sticky") for line in overlaps), overlaps
    assert any(line.startswith("div.sticky covers the last paragraph") for line in overlaps), overlaps
