"""Part 9: the wire desk's ingest (bench/wire_ingest.py, which says what it measures).

10,000 ninjs items of about 3 KB, one per file and 500 per file, on an empty desk and on a desk already
holding a million old items (500 items and 5,000 old items in smoke mode), one retention run and a poll
cycle over loopback feeds. It runs in a database of its own: a fresh SQLite file, or, when the bench
runs on PostgreSQL, a database named after the site's with `_wire_bench` appended, made and dropped by
the part. The seeded site is not touched. Goal (issue 22): each 10,000-item step in at most 30 s.
"""

from __future__ import annotations

import shlex
from typing import Any

from bench.common import Bench, run_script


def run(bench: Bench) -> dict[str, Any]:
    output = bench.workdir / "wire-ingest.json"
    args = ["bench/wire_ingest.py"]
    if bench.smoke:
        args.append("--smoke")
    database_url = bench.env.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        args += ["--database-url", f"{database_url.rstrip('/')}_wire_bench", "--create-database"]
    found = run_script(args, output, timeout=3600)
    found["command"] = shlex.join([".venv/bin/python", *args])
    steps = found["steps"]
    bench.log(
        "wire: "
        + ", ".join(f"{key} {steps[key]['seconds']} s" for key in steps if key.endswith(("per_file", "batched")))
    )
    return found
