"""Part 8: a worker killed mid-alert. One breaking alert to 10,000 browsers (1,000 in smoke mode)
goes through the queue to a real `kabar worker`, which is killed with SIGKILL once half of them
have it; a new worker starts at once (bench/push_fanout.py --kill-at 0.5, which says how).

It runs on a fresh SQLite database of its own, with its own push service stand-in: the seeded
site is not touched. Goals: at most 1 % of the browsers get the alert twice, and every browser
has it within 60 s of the restart.
"""

from __future__ import annotations

import shlex
from typing import Any

from bench.common import Bench, run_script


def run(bench: Bench) -> dict[str, Any]:
    subscriptions = 1_000 if bench.smoke else 10_000
    output = bench.workdir / "push-kill.json"
    args = ["bench/push_fanout.py", "--subscriptions", str(subscriptions), "--kill-at", "0.5"]
    # Kabar's defaults, as `bench/push_fanout.py` run by hand gets them: none of the site's settings.
    found: dict[str, Any] = run_script(args, output, timeout=1800, must_succeed=False)["kill"]
    found["database"] = "SQLite (a fresh file of its own)"
    found["command"] = shlex.join([".venv/bin/python", *args])
    bench.log(
        f"alert kill: {found['duplicates']} duplicates ({found['duplicates_pct']} %), last browser reached "
        f"{found['restart_to_last_delivery_s']} s after the restart: {found['verdict']}"
    )
    return found
