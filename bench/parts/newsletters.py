"""Part 12: one newsletter edition to 100,000 subscribers (2,000 in smoke mode) through an SMTP server on
loopback from one `kabar worker`, then the same with the worker killed by SIGKILL at half and a new one
started (bench/newsletter_send.py, which says how). It runs in a database of its own: a fresh SQLite
file, or, when the bench runs on PostgreSQL, a database named after the site's with `_mail_bench`
appended, made and dropped by the part. The seeded site is not touched.

Goals (issue 17): at least 500 messages a second (at most 200 s for 100,000), the worker's RSS at most
200 MB; after the kill, 0 duplicates and 0 missed, counted at the SMTP server.
"""

from __future__ import annotations

import shlex
from typing import Any

from bench.common import Bench, run_script
from bench.wire_ingest import create_database


def run(bench: Bench) -> dict[str, Any]:
    output = bench.workdir / "newsletter-send.json"
    args = ["bench/newsletter_send.py"]
    if bench.smoke:
        args.append("--smoke")
    database_url = bench.env.get("DATABASE_URL", "")
    made = ""
    if database_url.startswith("postgres"):
        made = f"{database_url.rstrip('/')}_mail_bench"
        create_database(made)
        args += ["--database-url", made]
    try:
        found = run_script(args, output, timeout=7200)
    finally:
        if made:
            create_database(made, drop=True)
    found["command"] = shlex.join([".venv/bin/python", *args])
    run_, kill = found["throughput"], found["kill"]
    bench.log(
        f"newsletters: {run_['messages_per_s']} messages/s, worker {run_['worker_peak_rss_mb']} MB; "
        f"killed at half: {kill['duplicates']} duplicates, {kill['missed']} missed ({kill['verdict']})"
    )
    return found


def markdown(found: dict[str, Any]) -> list[str]:
    from bench.newsletter_send import markdown as tables

    return [f"**12. Newsletter send** (`{found['command']}`)", "", tables(found), ""]
