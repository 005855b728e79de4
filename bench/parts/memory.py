"""Part 6: resident memory of each `kabar serve` worker under load (peak VmRSS, sampled every 0.5 s).

Sampled while part 2 renders pages (the heaviest load for a worker's memory); when part 2 is not
run, this part puts the same wrk load on the article, home and section pages itself.
"""

from __future__ import annotations

from typing import Any

from bench.common import Bench, sampling_rss, verdict, wrk
from bench.servers import KabarServer

GOAL_MB = 150.0


def load(bench: Bench, kabar: KabarServer, peaks: dict[int, float]) -> None:
    with sampling_rss(kabar.workers, peaks):
        for name in ("article", "home", "section"):
            wrk(bench.wrk_command(kabar.url + bench.urls[name], bench.connections_render, bench.render_seconds))


def report(peaks: dict[int, float], during: str) -> dict[str, Any]:
    worst = max(peaks.values()) if peaks else None
    return {
        "peak_rss_mb_per_worker": {str(pid): round(mb, 1) for pid, mb in sorted(peaks.items())},
        "max_mb": round(worst, 1) if worst is not None else None,
        "goal": f"<= {GOAL_MB:.0f} MB",
        "verdict": verdict(worst, GOAL_MB, at_least=False),
        "during": during,
        "how": "VmRSS from /proc/<pid>/status of each granian worker (children of the master), every 0.5 s",
    }
