"""Part 9: the wire desk's ingest (bench/wire_ingest.py, which says what it measures).

10,000 ninjs items of about 3 KB, one per file and 500 per file, on an empty desk and on a desk already
holding a million old items (500 items and 5,000 old items in smoke mode), one retention run and a poll
cycle over loopback feeds. It runs in a database of its own: a fresh SQLite file, or, when the bench
runs on PostgreSQL, a database named after the site's with `_wire_bench` appended, made and dropped by
the part. The seeded site is not touched. Goal (issue 22): each 10,000-item step in at most 30 s.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from typing import Any

from bench.common import Bench, kabar_defaults_env
from bench.servers import ROOT


def run(bench: Bench) -> dict[str, Any]:
    output = bench.workdir / "wire-ingest.json"
    args = ["bench/wire_ingest.py"]
    if bench.smoke:
        args.append("--smoke")
    database_url = bench.env.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        args += ["--database-url", f"{database_url.rstrip('/')}_wire_bench", "--create-database"]
    env = kabar_defaults_env()
    done = subprocess.run(
        [sys.executable, *args, "--output", str(output)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0 or not output.exists():
        raise RuntimeError(f"wire_ingest.py failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(output.read_text())
    found["command"] = shlex.join([".venv/bin/python", *args])
    steps = found["steps"]
    bench.log(
        "wire: "
        + ", ".join(f"{key} {steps[key]['seconds']} s" for key in steps if key.endswith(("per_file", "batched")))
    )
    return found
