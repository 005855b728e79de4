"""An anonymous reader on a phone: labelled ads that keep their place, a sticky banner that closes for
the session, impressions reported without cookies, Google Ad Manager only near the viewport."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.ads.conftest import gpt_ad, house_ad
from tests.browser.conftest import PHONE
from tests.i18n import site_text

pytestmark = pytest.mark.browser

GPT_HOST = "securepubads.g.doubleclick.net"
# A stand-in for gpt.js (the test machine has no Internet): it runs the command queue and
# records what Kabar asked of it, so the test sees ads.js drive GPT as Google documents.
GPT_STUB = """
(function () {
  var queue = (window.googletag && window.googletag.cmd) || [];
  var calls = window.__gptCalls = [];
  var pubads = { setPrivacySettings: function (s) { calls.push(["privacy", s]); return pubads; } };
  window.googletag = {
    cmd: { push: function (f) { f(); } },
    pubads: function () { return pubads; },
    enableServices: function () { calls.push(["enableServices"]); },
    defineSlot: function (unit, sizes, id) {
      calls.push(["defineSlot", unit, sizes, id]);
      return { addService: function () { return this; } };
    },
    display: function (id) {
      calls.push(["display", id]);
      document.getElementById(id).setAttribute("data-displayed", "1");
    }
  };
  queue.forEach(function (f) { f(); });
})();
"""
# Sums layout shifts not caused by input, as the CLS metric does.
CLS_OBSERVER = """
window.__cls = 0;
window.__clsSupported = PerformanceObserver.supportedEntryTypes.includes("layout-shift");
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) { window.__cls += entry.value; } });
}).observe({ type: "layout-shift", buffered: true });
"""


def long_article(paragraph_count: int, title: str) -> Any:
    """Paragraphs of a real story's length, so the in-article ad starts well below a phone's fold."""
    sentence = "Pemerintah daerah menyiapkan rencana baru untuk memperbaiki jalan dan jembatan di desa. "
    return factories.article(
        title, body=factories.paragraphs(*[f"{n}. " + sentence * 5 for n in range(1, paragraph_count + 1)])
    )


def scroll_to_the_end(page: Any) -> None:
    for _ in range(12):
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(100)  # lets lazy images and observers react to the scroll; not a timing check
    # Polled from Python: the page's CSP forbids the string evaluation wait_for_function would use.
    for _ in range(300):
        if page.evaluate("() => Array.from(document.images).every((image) => image.complete)"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page's images never finished loading")


@pytest.fixture
def ads_site(site: Any) -> dict[str, Any]:
    top = house_ad("top", alt_text="Promo atas")
    sticky = house_ad("sticky", alt_text="Promo bawah")
    inline = house_ad("in_article", alt_text="Promo dalam artikel")
    article = long_article(10, title="Berita panjang dengan iklan")
    other = long_article(6, title="Berita lain")
    return {"top": top, "sticky": sticky, "inline": inline, "article": article, "other": other}


def test_anonymous_reader_sees_labelled_ads_and_closes_the_sticky_one_for_the_session(open_context, ads_site, artifact):
    context, problems = open_context(**PHONE)
    context.add_init_script(CLS_OBSERVER)
    page = context.new_page()
    page.goto(ads_site["article"].dated_path())
    expect(page.locator("h1")).to_have_text("Berita panjang dengan iklan")

    top = page.locator("aside.ad--top")
    expect(top).to_be_visible()
    expect(top.locator(".ad__label")).to_have_text(re.compile(site_text("Ad"), re.IGNORECASE))
    expect(top.get_by_role("img", name="Promo atas")).to_be_visible()

    sticky = page.locator("[data-ad-sticky]")
    expect(sticky).to_have_class(re.compile(r"ad-sticky--stuck"))
    expect(sticky.locator("aside.ad--sticky")).to_be_in_viewport()

    inline = page.locator("aside.ad--in_article")
    inline.scroll_into_view_if_needed()
    expect(inline.get_by_role("img", name="Promo dalam artikel")).to_be_visible()
    expect(inline.locator(".ad__label")).to_be_visible()
    page.screenshot(path=artifact("ads.png"))

    page.get_by_role("button", name=site_text("Close ad")).click()
    expect(page.locator("[data-ad-sticky]")).to_have_count(0)

    page.goto(ads_site["other"].dated_path())
    expect(page.locator("aside.ad--top")).to_be_visible()
    expect(page.locator("[data-ad-sticky]")).to_have_count(0)  # closed for this browser session

    fresh, fresh_problems = open_context(**PHONE)
    again = fresh.new_page()
    again.goto(ads_site["other"].dated_path())
    expect(again.locator("[data-ad-sticky]")).to_have_class(re.compile(r"ad-sticky--stuck"))
    assert problems.all() == [] and fresh_problems.all() == []


def test_ads_do_not_shift_the_layout(open_context, ads_site):
    context, problems = open_context(**PHONE)
    context.add_init_script(CLS_OBSERVER)
    page = context.new_page()
    page.goto(ads_site["article"].dated_path())
    scroll_to_the_end(page)
    assert page.evaluate("window.__clsSupported")
    assert page.evaluate("window.__cls") < 0.05
    box = page.locator("aside.ad--in_article .ad__frame").bounding_box()
    assert round(box["width"] / box["height"], 2) == round(300 / 250, 2)
    assert problems.all() == []


def test_impressions_are_reported_in_view_without_cookies(open_context, ads_site, site):
    context, problems = open_context(**PHONE)
    context.add_cookies([{"name": "pembaca", "value": "kenal", "url": site.url}])
    page = context.new_page()
    beacons: list[Any] = []
    page.on("request", lambda request: beacons.append(request) if request.url.endswith("/iklan/i/") else None)
    with page.expect_request(lambda r: r.url.endswith("/iklan/i/") and r.method == "POST") as first:
        page.goto(ads_site["article"].dated_path())
    request = first.value
    assert "cookie" not in request.all_headers()
    reported = set(re.findall(r"c=(\d+)", request.post_data))
    assert str(ads_site["top"].pk) in reported
    assert str(ads_site["inline"].pk) not in reported  # far below the fold: not seen yet
    with page.expect_request(
        lambda r: r.url.endswith("/iklan/i/") and str(ads_site["inline"].pk) in (r.post_data or "")
    ):
        page.locator("aside.ad--in_article").scroll_into_view_if_needed()
    assert problems.all() == []


def test_google_ad_manager_loads_only_when_its_slot_nears_the_viewport(open_context, site):
    tag = gpt_ad("in_article", unit="/1234567/kabar/artikel", sizes="300x250")
    article = long_article(12, title="Berita dengan tag pihak ketiga")
    context, problems = open_context(**PHONE)
    asked: list[str] = []
    context.route(
        f"https://{GPT_HOST}/**",
        lambda route: (asked.append(route.request.url), route.fulfill(body=GPT_STUB, content_type="text/javascript")),
    )
    page = context.new_page()
    page.goto(article.dated_path())
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("load")
    assert asked == []  # the tag is far below the fold
    page.locator("aside.ad--in_article").scroll_into_view_if_needed()
    expect(page.locator("aside.ad--in_article [data-gpt-unit]")).to_have_attribute("data-displayed", "1")
    calls = page.evaluate("window.__gptCalls")
    assert asked == [f"https://{GPT_HOST}/tag/js/gpt.js"]
    define = next(call for call in calls if call[0] == "defineSlot")
    assert define[1:3] == ["/1234567/kabar/artikel", [[300, 250]]]
    assert ["privacy", {"nonPersonalizedAds": True}] in calls
    assert problems.csp_violations == []
    assert page.locator("aside.ad--in_article").get_attribute("data-ad") == str(tag.pk)


def test_without_javascript_house_ads_are_plain_linked_images(open_context, ads_site):
    context, problems = open_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(ads_site["article"].dated_path())
    link = page.locator("aside.ad--top a")
    expect(link).to_have_attribute("href", f"/iklan/k/{ads_site['top'].pk}/")
    expect(link.get_by_role("img", name="Promo atas")).to_be_visible()
    sticky = page.locator("[data-ad-sticky]")
    expect(sticky).not_to_have_class(re.compile(r"ad-sticky--stuck"))  # at the end of the page, not over the text
    expect(page.get_by_role("button", name=site_text("Close ad"))).to_be_hidden()
    assert problems.all() == []


def test_a_click_on_a_house_ad_reaches_the_advertiser_through_kabar(open_context, ads_site, site):
    context, problems = open_context(**PHONE)
    landed: list[str] = []
    context.route(
        "https://pengiklan.example/**",
        lambda route: (
            landed.append(route.request.url),
            route.fulfill(body="<title>Pengiklan</title>ok", content_type="text/html"),
        ),
    )
    page = context.new_page()
    page.goto(ads_site["article"].dated_path())
    page.locator("aside.ad--top a").click()
    page.wait_for_url(re.compile(r"^https://pengiklan\.example/"))
    assert landed == [ads_site["top"].link_url]
    assert problems.csp_violations == []
