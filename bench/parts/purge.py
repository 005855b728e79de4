"""Part 3: from an editor's publish to the change being visible, and renders per purge under a burst.

An editor process (`bench.probe editor`) changes the article's headline and publishes it, as the
admin does, against the same database while `kabar serve` and `kabar worker` run: Kabar purges its
own page cache at the commit, the worker purges Varnish by key (decision 0004). The bench then
polls the article and a front that lists it every 10 ms until the new headline shows, through
Varnish and from `kabar serve` alone. For renders per purge, a 200-connection wrk burst starts as
soon as the change commits, and the article's lines in `kabar serve`'s output are counted: its
access-log lines (every request that reached Kabar) and its page cache's "rendered" log lines.
The original headline is put back at the end.
"""

from __future__ import annotations

import html
import secrets
import shlex
import signal
import subprocess
import threading
import time
from typing import Any

from bench.common import Bench, ProbeProcess, parse_wrk, percentile, verdict
from bench.servers import KabarServer, Varnish, get

GOAL_P95_S = 1.0
GOAL_RENDERS = 1
POLL_SECONDS = 0.01
GIVE_UP_SECONDS = 10.0
BURST_CONNECTIONS = 200


class Editor(ProbeProcess):
    """A Django process that publishes headline changes on request and says when each committed."""

    def __init__(self, bench: Bench, env: dict[str, str]) -> None:
        super().__init__(bench, env, "editor.log", "bench.probe", "editor")

    def publish(self, article_id: int, title: str) -> float:
        """Publishes `title` as the headline; the commit's time (time.time())."""
        return float(self.ask({"id": article_id, "title": title})["committed"])


def wait_for(url: str, text: bytes, committed: float, into: list[float]) -> None:
    """Polls `url` until `text` is in the page; appends seconds from the commit (inf if never)."""
    while time.time() - committed < GIVE_UP_SECONDS:
        status, _headers, body = get(url)
        if status == 200 and text in body:
            into.append(time.time() - committed)
            return
        time.sleep(POLL_SECONDS)
    into.append(float("inf"))


def front_listing(base: str, bench: Bench) -> str:
    """The home page if it lists the article (it shows the newest ones), else its section."""
    title = html.escape(bench.urls["article_title"]).encode()
    for candidate in ("home", "section"):
        if title in get(base + bench.urls[candidate])[2]:
            return bench.urls[candidate]
    raise RuntimeError("neither the home page nor the section lists the article measured")


def summary(latencies: list[float]) -> dict[str, Any]:
    finite = [s for s in latencies if s != float("inf")]
    p95 = percentile(latencies, 95)
    return {
        "samples": len(latencies),
        "not_seen_within_s": {"limit": GIVE_UP_SECONDS, "count": len(latencies) - len(finite)},
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "goal": f"p95 <= {GOAL_P95_S * 1000:.0f} ms",
        "verdict": verdict(p95, GOAL_P95_S, at_least=False),
    }


def burst_until_visible(command: list[str], url: str, text: bytes, committed: float) -> tuple[dict, float | None]:
    """wrk's 200 connections from the commit until 1 s after the change shows (or GIVE_UP_SECONDS).

    A fixed two-second burst could end before the purge arrives: on two cores the burst itself
    delays the worker that sends it.
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[float] = []
    try:
        wait_for(url, text, committed, seen)
        if seen[0] != float("inf"):
            time.sleep(1.0)  # the burst goes on while the new copy is being served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # wrk stops and prints what it measured
        output, errors = process.communicate(timeout=30)
    if process.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed: {errors.strip() or output.strip()}")
    return parse_wrk(command, output), (seen[0] if seen[0] != float("inf") else None)


def burst_verdict(bursts: list[dict[str, Any]]) -> str:
    """One render per purge, and the change on the page afterwards (no render at all is no success)."""
    if not bursts:
        return "not measured"
    ok = all(b["renders"] <= GOAL_RENDERS and b["new_headline_visible_after"] for b in bursts)
    return "meets goal" if ok else "misses goal"


def run(bench: Bench, kabar: KabarServer, varnish: Varnish) -> dict[str, Any]:
    article_id = bench.urls["article_id"]
    original = bench.urls["article_title"]
    path = bench.urls["article"]
    targets = {"varnish": varnish.url, "kabar": kabar.url}
    front = front_listing(kabar.url, bench)
    # The serving stack's settings: the editor's publish must queue the purge of Varnish, as the admin's does.
    editor = Editor(bench, kabar.env)
    results: dict[str, Any] = {"article": path, "front": front, "through": {}}
    try:
        for name, base in targets.items():
            article_ms: list[float] = []
            front_ms: list[float] = []
            for sample in range(bench.purge_samples):
                for url in (path, front):
                    get(base + url)
                    get(base + url)  # both stored and fresh before the change
                marker = f"Pembaruan {secrets.token_hex(4)}"
                title = f"{original} ({marker})"
                committed = editor.publish(article_id, title)
                seen = html.escape(title).encode()
                pollers = [
                    threading.Thread(target=wait_for, args=(base + path, seen, committed, article_ms)),
                    threading.Thread(target=wait_for, args=(base + front, seen, committed, front_ms)),
                ]
                for poller in pollers:
                    poller.start()
                for poller in pollers:
                    poller.join()
                bench.log(f"purge via {name} {sample + 1}/{bench.purge_samples}: article "
                          f"{article_ms[-1] * 1000:.0f} ms, front {front_ms[-1] * 1000:.0f} ms")  # fmt: skip
                time.sleep(0.3)  # the worker's index tasks for this publish, out of the next sample's way
            results["through"][name] = {"article": summary(article_ms), "front": summary(front_ms)}

        for name, base in targets.items():
            bursts = []
            command = bench.wrk_command(base + path, BURST_CONNECTIONS, int(GIVE_UP_SECONDS))
            for sample in range(bench.burst_samples):
                get(base + path)
                get(base + path)
                requests_before, renders_before = kabar.settled_renders(path)
                backend_before = varnish.backend_requests() if name == "varnish" else None
                marker = f"Pembaruan {secrets.token_hex(4)}"
                title = f"{original} ({marker})"
                committed = editor.publish(article_id, title)
                burst, visible_after = burst_until_visible(command, base + path, html.escape(title).encode(), committed)
                requests_after, renders_after = kabar.settled_renders(path)
                backend_after = varnish.backend_requests() if name == "varnish" else None
                found = {
                    "renders": renders_after - renders_before,
                    "requests_reaching_kabar": requests_after - requests_before,
                    "burst_requests": burst.get("requests"),
                    "burst_seconds": burst.get("seconds"),
                    "burst_errors": burst["errors"],
                    "new_headline_visible_after": visible_after is not None,
                    "visible_after_ms_under_burst": round(visible_after * 1000) if visible_after is not None else None,
                }
                if backend_before is not None and backend_after is not None:
                    # Includes fetches of other pages' objects; none are asked for during the burst.
                    found["varnish_backend_req_delta"] = backend_after - backend_before
                bursts.append(found)
                bench.log(f"burst via {name} {sample + 1}/{bench.burst_samples}: {found}")
            renders = [b["renders"] for b in bursts]
            worst = max(renders) if renders else None
            results["through"][name]["burst"] = {
                "command": shlex.join(command) + "  (started as the change commits, stopped 1 s after it shows)",
                "samples": bursts,
                "renders_per_purge_max": worst,
                "goal": f"{GOAL_RENDERS} render per purge",
                "verdict": burst_verdict(bursts),
            }
    finally:
        try:
            editor.publish(article_id, original)
        finally:
            editor.close()
    return results
