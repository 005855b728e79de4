"""Part 4: search latency, one reader at a time, on the site's search page with the page cache off.

The queries are words and two-word phrases from headlines spread over the archive
(`bench.probe search-words`), each asked once per run over one keep-alive connection, so the
latency is the page's own: the query, the stemming, the count and the rendering. Each run asks
every query in both orders: the default (newest first), which the goal is judged on, and
"most relevant" (`sort=relevant`).
"""

from __future__ import annotations

import http.client
import re
import statistics
import time
import urllib.parse
from typing import Any

from bench.common import Bench, percentile, verdict
from bench.servers import KabarServer

GOAL_P95_MS = 100.0
COUNT = re.compile(rb'class="search-count">\D*([\d.,]+)')


def run(bench: Bench, kabar: KabarServer) -> dict[str, Any]:
    words: list[str] = bench.urls["search_words"]
    if not words:
        raise RuntimeError("no headlines to draw search words from")
    connection = http.client.HTTPConnection("127.0.0.1", kabar.port, timeout=120)
    runs: list[dict[str, float]] = []
    found_any = 0
    all_ms: list[float] = []
    try:
        # One unmeasured query: the first opens the database connection and loads the stemmer.
        ask(connection, "berita")
        for run_number in range(bench.runs):
            latencies = []
            ranked = []
            for word in words:
                started = time.perf_counter()
                body = ask(connection, word)
                latencies.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                ask(connection, word, sort="relevant")
                ranked.append((time.perf_counter() - started) * 1000)
                if run_number == 0:
                    match = COUNT.search(body)
                    found_any += bool(match and match.group(1).strip(b".,") not in (b"0", b""))
            all_ms += latencies
            runs.append(
                {
                    "p50_ms": percentile(latencies, 50),
                    "p95_ms": percentile(latencies, 95),
                    "relevant_p50_ms": percentile(ranked, 50),
                    "relevant_p95_ms": percentile(ranked, 95),
                }
            )
            bench.log(
                f"search: run {run_number + 1}/{bench.runs}: p95 {runs[-1]['p95_ms']:.0f} ms newest first, "
                f"{runs[-1]['relevant_p95_ms']:.0f} ms most relevant"
            )
    finally:
        connection.close()
    p95 = statistics.median(r["p95_ms"] for r in runs)
    return {
        "relevant_p50_ms": round(statistics.median(r["relevant_p50_ms"] for r in runs), 1),
        "relevant_p95_ms": round(statistics.median(r["relevant_p95_ms"] for r in runs), 1),
        "queries": len(words),
        "queries_with_results": found_any,
        "sample_queries": words[:10],
        "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(all_ms), 1),
        "runs": len(runs),
        "goal": f"p95 <= {GOAL_P95_MS:.0f} ms",
        "verdict": verdict(p95, GOAL_P95_MS, at_least=False),
        "how": (
            f"GET {kabar.url}/search/?q=<query> (newest first, the default) and ?q=<query>&sort=relevant, "
            "sequential, page cache off; median over runs of each run's p50/p95"
        ),
    }


def ask(connection: http.client.HTTPConnection, query: str, **params: str) -> bytes:
    connection.request("GET", "/search/?" + urllib.parse.urlencode({"q": query, **params}))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"search for {query!r} answered {response.status}")
    return body
