"""Part 10: Lighthouse's mobile audit of the home page and an article, as readers get them through Varnish.

Lighthouse 12.2.3 (bench/lighthouse's npm lock, `make lighthouse`) drives Debian's Chromium
(CHROME_PATH=/usr/bin/chromium) with its default mobile settings: a Moto G Power sized screen and
simulated slow 4G with a 4x slower CPU. Through the shipped VCL (deploy/varnish/kabar.vcl: pages,
CSS and JS gzipped) in front of `kabar serve` with its page cache on. For each page, the median of
`runs` audits of:

- LCP and CLS (goals: LCP <= 2.5 s, CLS <= 0.05) and the performance score;
- bytes on the wire from Lighthouse's network requests: the HTML, the CSS, HTML + CSS (goal for the
  article: <= 30 KB compressed), the web fonts (goal: <= 60 KB for all fonts), first-party JS, and
  everything.
"""

from __future__ import annotations

import json
import os
import shlex
import statistics
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.common import Bench, verdict
from bench.servers import ROOT, Varnish, get

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
GOALS = {"lcp_ms": 2500.0, "cls": 0.05, "article_html_css_kb": 30.0, "fonts_kb": 60.0}
PAGES = ("home", "article")


def command(url: str, output: Path) -> list[str]:
    return [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]


def run(bench: Bench, varnish: Varnish) -> dict[str, Any]:
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make lighthouse`")
    results: dict[str, Any] = {"lighthouse": lighthouse_version(), "pages": {}}
    for name in PAGES:
        url = varnish.url + bench.urls[name]
        get(url)  # in Varnish's cache and Kabar's, as a reader would find it
        audits = []
        for number in range(bench.runs):
            audits.append(audit(bench, url, bench.workdir / f"lighthouse-{name}-{number}.json"))
            bench.log(f"lighthouse {name}: run {number + 1}/{bench.runs}: LCP {audits[-1]['lcp_ms']:.0f} ms, "
                      f"CLS {audits[-1]['cls']:.3f}")  # fmt: skip
        results["pages"][name] = summarize(name, url, audits)
    shown = shlex.join(command("<url through Varnish>", Path("<report.json>"))).replace(f"{ROOT}/", "")
    results["command"] = f"CHROME_PATH={CHROMIUM} {shown}"
    return results


def lighthouse_version() -> str:
    done = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def audit(bench: Bench, url: str, output: Path) -> dict[str, Any]:
    """One Lighthouse run: LCP, CLS, score, and the bytes of each kind of response."""
    done = subprocess.run(
        command(url, output),
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        cwd=bench.workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse on {url} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(output.read_text())
    audits = report["audits"]
    host = urlsplit(url).netloc
    sizes = {"html": 0, "css": 0, "fonts": 0, "first_party_js": 0, "all": 0}
    decoded_js = 0
    for request in audits["network-requests"]["details"]["items"]:
        size = request.get("transferSize", 0)
        kind = request.get("resourceType")
        sizes["all"] += size
        if kind == "Document" and not sizes["html"]:
            sizes["html"] = size
        elif kind == "Stylesheet":
            sizes["css"] += size
        elif kind == "Font":
            sizes["fonts"] += size
        elif kind == "Script" and urlsplit(request.get("url", "")).netloc == host:
            sizes["first_party_js"] += size
            decoded_js += request.get("resourceSize", 0)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    score = report["categories"]["performance"]["score"]
    return {
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "score": round(score * 100) if score is not None else None,
        "bytes": sizes,
        "first_party_js_decoded": decoded_js,
        "lcp_element": lcp_element(audits),
    }


def lcp_element(audits: dict[str, Any]) -> str | None:
    try:
        items = audits["largest-contentful-paint-element"]["details"]["items"]
        node = items[0]["items"][0]["node"] if "items" in items[0] else items[0]["node"]
        return str(node.get("selector") or node.get("nodeLabel"))
    except (KeyError, IndexError, TypeError):
        return None


def summarize(name: str, url: str, audits: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str, inner: str | None = None) -> float:
        return statistics.median(a[key][inner] if inner else a[key] for a in audits)

    lcp, cls = median("lcp_ms"), median("cls")
    kb = {kind: round(median("bytes", kind) / 1024, 1) for kind in audits[0]["bytes"]}
    html_css_kb = round(kb["html"] + kb["css"], 1)
    found: dict[str, Any] = {
        "url": url,
        "runs": len(audits),
        "lcp_ms": {"value": round(lcp), "goal": "<= 2500 ms", "verdict": verdict(lcp, GOALS["lcp_ms"], at_least=False)},
        "cls": {"value": round(cls, 4), "goal": "<= 0.05", "verdict": verdict(cls, GOALS["cls"], at_least=False)},
        "fcp_ms": round(median("fcp_ms")),
        "tbt_ms": round(median("tbt_ms")),
        "score": statistics.median(a["score"] for a in audits if a["score"] is not None)
        if any(a["score"] is not None for a in audits)
        else None,
        "lcp_element": audits[0]["lcp_element"],
        "compressed_kb": kb,
        "html_css_compressed_kb": {"value": html_css_kb},
        "fonts_kb": {
            "value": kb["fonts"],
            "goal": "<= 60 KB (all fonts)",
            "verdict": verdict(kb["fonts"], GOALS["fonts_kb"], at_least=False),
        },
        "first_party_js_kb": {
            "value": kb["first_party_js"],
            "decoded_kb": round(median("first_party_js_decoded") / 1024, 1),
        },
        "each_run": audits,
    }
    if name == "article":
        found["html_css_compressed_kb"].update(
            goal="<= 30 KB",
            verdict=verdict(html_css_kb, GOALS["article_html_css_kb"], at_least=False),
        )
    return found
