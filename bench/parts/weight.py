"""Part 5: what the article page costs a reader's phone: bytes by kind, requests, LCP and CLS.

Debian's Chromium through Playwright, phone-sized (390x844 CSS px, as tests/browser), against
`kabar serve` with its page cache on (pages as readers get them):

- bytes: one unthrottled load with the browser cache off; each response's bytes on the wire and
  decoded, from the DevTools protocol's Network events (type as Chromium classifies it);
- compression: the HTML as served, and gzip -6 of it (what a compressing server would send);
- JS needed to read: the article loaded with JavaScript off must show its headline and body;
- LCP and CLS: PerformanceObserver (largest-contentful-paint, layout-shift: the largest session
  window, as web-vitals counts it) under Lighthouse's mobile throttling as DevTools applies it
  (562.5 ms RTT, 1,474.6 kbit/s down, 675 kbit/s up, CPU 4x slower), for the reader page with ads
  and for the same article as a Kabar+ member (signed `kabar_plus` cookie, decision 0005).
"""

from __future__ import annotations

import gzip
import statistics
from typing import Any
from urllib.parse import urlsplit

from bench.common import Bench, verdict
from bench.servers import KabarServer, get

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 188_744, "uploadThroughput": 86_400}
CPU_SLOWDOWN = 4
GOALS = {"html_css_kb": 30.0, "js_to_read_kb": 0.0, "first_party_js_kb": 32.0}

VITALS = """
window.__vitals = {lcp: null, lcpElement: null, cls: 0};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__vitals.lcp = entry.renderTime || entry.loadTime || entry.startTime;
    const el = entry.element;
    const first = el && el.className ? "." + String(el.className).split(" ")[0] : "";
    window.__vitals.lcpElement = el ? el.tagName.toLowerCase() + first : null;
  }
}).observe({type: "largest-contentful-paint", buffered: true});
let sessionValue = 0, sessionFirst = 0, sessionLast = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    if (sessionValue && entry.startTime - sessionLast < 1000 && entry.startTime - sessionFirst < 5000) {
      sessionValue += entry.value;
    } else {
      sessionValue = entry.value;
      sessionFirst = entry.startTime;
    }
    sessionLast = entry.startTime;
    window.__vitals.cls = Math.max(window.__vitals.cls, sessionValue);
  }
}).observe({type: "layout-shift", buffered: true});
"""


def run(bench: Bench, kabar: KabarServer) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    url = kabar.url + bench.urls["article"]
    get(url)  # stored in Kabar's page cache, as a reader would find it
    member = bench.urls["member_cookie"]
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            weight = transfer(browser, url)
            readable = read_without_js(browser, url)
            vitals = {"reader_with_ads": [page_vitals(browser, url, None) for _ in range(bench.runs)]}
            if member is not None:
                vitals["member"] = [page_vitals(browser, url, member) for _ in range(bench.runs)]
            else:
                bench.notes.append("No demo member `anggota` in this database: no member page measured.")
        finally:
            browser.close()
    html_body = get(url)[2]
    html_gzip = len(gzip.compress(html_body, compresslevel=6))
    css = weight["by_type"].get("Stylesheet", {"body": 0, "decoded": 0})
    html_css_kb = (html_gzip + css["body"]) / 1024
    served_html_kb = (weight["by_type"].get("Document", {}).get("body", 0) + css["body"]) / 1024
    js_to_read_kb = 0.0 if readable["readable"] else weight["by_type"].get("Script", {}).get("body", 0) / 1024
    first_party_js_kb = weight["first_party_js"]["decoded"] / 1024
    results: dict[str, Any] = {
        "url": url,
        "transfer": weight,
        "html": {
            "bytes": len(html_body),
            "gzip6_bytes": html_gzip,
            "served_content_encoding": weight.get("document_encoding") or "none",
        },
        "html_css_compressed_kb": {
            "value": round(html_css_kb, 1),
            "as_served_kb": round(served_html_kb, 1),
            "goal": f"<= {GOALS['html_css_kb']:.0f} KB",
            "verdict": verdict(html_css_kb, GOALS["html_css_kb"], at_least=False),
            "how": "gzip -6 of the HTML + the CSS as served (bytes of body on the wire)",
        },
        "js_needed_to_read_kb": {
            "value": round(js_to_read_kb, 1),
            "goal": "0 KB",
            "verdict": "meets goal" if js_to_read_kb == 0 else "misses goal",
            **readable,
        },
        "first_party_js_kb": {
            "value": round(first_party_js_kb, 1),
            "on_the_wire_kb": round(weight["first_party_js"]["body"] / 1024, 1),
            "goal": f"<= {GOALS['first_party_js_kb']:.0f} KB (uncompressed)",
            "verdict": verdict(first_party_js_kb, GOALS["first_party_js_kb"], at_least=False),
        },
        "vitals": {name: summarize_vitals(found) for name, found in vitals.items()},
        "throttling": {"network": SLOW_4G, "cpu_slowdown": CPU_SLOWDOWN, "viewport": PHONE},
    }
    if weight.get("document_encoding") in (None, "", "identity"):
        bench.notes.append(
            f"The article's HTML is served uncompressed ({len(html_body) / 1024:.1f} KB on the wire; "
            f"gzip -6 would send {html_gzip / 1024:.1f} KB): `kabar serve` does not compress it; "
            "the shipped VCL (or a CDN) sends it gzipped to browsers that accept gzip."
        )
    return results


def transfer(browser: Any, url: str) -> dict[str, Any]:
    """Every response of one cold load: type, bytes on the wire (body and headers), decoded bytes."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def sent(event: dict[str, Any]) -> None:
        if event["requestId"] not in requests:
            order.append(event["requestId"])
        requests[event["requestId"]] = {"url": event["request"]["url"], "type": event.get("type", "Other"),
                                        "decoded": 0, "wire": 0, "headers": 0}  # fmt: skip

    def received(event: dict[str, Any]) -> None:
        found = requests.get(event["requestId"])
        if found is not None:
            response = event["response"]
            found["status"] = response["status"]
            found["headers"] = response.get("encodedDataLength", 0)
            found["encoding"] = {k.lower(): v for k, v in response.get("headers", {}).items()}.get(
                "content-encoding", ""
            )
            found["type"] = event.get("type", found["type"])

    def data(event: dict[str, Any]) -> None:
        found = requests.get(event["requestId"])
        if found is not None:
            found["decoded"] += event.get("dataLength", 0)

    def finished(event: dict[str, Any]) -> None:
        found = requests.get(event["requestId"])
        if found is not None:
            found["wire"] = event.get("encodedDataLength", 0)

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    context.close()

    host = urlsplit(url).netloc
    by_type: dict[str, dict[str, int]] = {}
    first_party_js = {"body": 0, "decoded": 0, "files": 0}
    listed = []
    before_images = None
    for position, request_id in enumerate(order):
        found = requests[request_id]
        if found["url"].startswith("data:"):
            continue
        body = max(0, found["wire"] - found["headers"])
        kind = by_type.setdefault(found["type"], {"requests": 0, "wire": 0, "body": 0, "decoded": 0})
        kind["requests"] += 1
        kind["wire"] += found["wire"]
        kind["body"] += body
        kind["decoded"] += found["decoded"]
        if found["type"] == "Image" and before_images is None:
            before_images = position
        if found["type"] == "Script" and urlsplit(found["url"]).netloc == host:
            first_party_js["body"] += body
            first_party_js["decoded"] += found["decoded"]
            first_party_js["files"] += 1
        listed.append({"url": found["url"].replace(f"http://{host}", ""), "type": found["type"],
                       "status": found.get("status"), "wire": found["wire"], "body": body,
                       "decoded": found["decoded"], "encoding": found.get("encoding", "")})  # fmt: skip
    document = next((r for r in listed if r["type"] == "Document"), None)
    return {
        "by_type": by_type,
        "requests": len(listed),
        "requests_before_first_image": before_images if before_images is not None else len(listed),
        "first_party_js": first_party_js,
        "document_encoding": document["encoding"] if document else None,
        "responses": listed,
    }


def read_without_js(browser: Any, url: str) -> dict[str, Any]:
    """Whether the article's headline and body are there with JavaScript off, as much text as with it on."""
    lengths = {}
    for enabled in (True, False):
        context = browser.new_context(**PHONE, java_script_enabled=enabled)
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=120_000)
        article = page.locator("article").first
        lengths[enabled] = {
            "headline": page.locator("h1").first.is_visible(),
            "text": len(article.inner_text()) if article.count() else 0,
        }
        context.close()
    on, off = lengths[True], lengths[False]
    readable = off["headline"] and off["text"] > 0 and off["text"] >= 0.9 * on["text"]
    return {"readable": readable, "text_chars_js_on": on["text"], "text_chars_js_off": off["text"]}


def page_vitals(browser: Any, url: str, member: dict[str, Any] | None) -> dict[str, Any]:
    context = browser.new_context(**PHONE)
    if member is not None:
        context.add_cookies([{"name": member["name"], "value": member["value"], "url": url}])
    context.add_init_script(VITALS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    response = page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_timeout(1500)  # late shifts and a late largest paint
    found = page.evaluate("window.__vitals")
    ads = page.locator("aside.ad").count()
    variant = response.headers.get("x-kabar-variant") if response else None
    context.close()
    return {
        "lcp_ms": round(found["lcp"], 0) if found["lcp"] is not None else None,
        "lcp_element": found["lcpElement"],
        "cls": round(found["cls"], 4),
        "ads": ads,
        "variant": variant,
    }


def summarize_vitals(found: list[dict[str, Any]]) -> dict[str, Any]:
    lcps = [f["lcp_ms"] for f in found if f["lcp_ms"] is not None]
    return {
        "lcp_ms": round(statistics.median(lcps), 0) if lcps else None,
        "cls": round(statistics.median(f["cls"] for f in found), 4),
        "lcp_element": found[0]["lcp_element"] if found else None,
        "ads_on_page": found[0]["ads"] if found else None,
        "variant": found[0]["variant"] if found else None,
        "runs": found,
    }
