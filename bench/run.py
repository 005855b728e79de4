"""`make bench` / `make bench-smoke`: Kabar's benchmark suite, every number with the command that made it.

    .venv/bin/python -m bench.run [--parts cached,purge,live,weight,lighthouse,render,memory,search,flood,alerts,wire,
        newsletters]
        [--runs 3]
        [--data-dir DIR] [--database-url URL] [--articles N] [--seconds S] [--smoke]

Parts (docs/benchmarks.md says what each measures and its goal):

- cached: a cached article from nginx (a file), Varnish (deploy/varnish/kabar.vcl) and `kabar serve`
  alone (its embedded page cache), as ratios to nginx (bench/parts/cached.py);
- purge: publish-to-visible latency through Varnish and from Kabar alone, and renders per purge under a
  200-connection burst (bench/parts/purge.py);
- live: a live report polled by 2,000 clients through Varnish while updates are posted: update to visible,
  page and poll JSON renders per update, queries at 20 and 2,000 updates (bench/parts/live.py);
- weight: the article page's bytes by kind, JS needed to read, LCP and CLS in Chromium (bench/parts/weight.py);
- lighthouse: Lighthouse's mobile audit of home and article through Varnish: LCP, CLS, HTML + CSS, fonts and
  first-party JS bytes (bench/parts/lighthouse.py);
- render: article, home and section rendered (page cache off) against a bare Django view sending the
  same bytes; p50, p99, queries per page (bench/parts/render.py);
- memory: peak RSS of each `kabar serve` worker during the render load (bench/parts/memory.py);
- search: search page latency with archive words (bench/parts/search.py);
- flood: the cached home page's throughput and p99 alone and during a 100-connection flood of random
  searches, which the admission gate (kabar/delivery/admission.py) must not let starve it (bench/parts/flood.py);
- alerts: a worker killed with SIGKILL halfway through a 10,000-browser alert and a new one started:
  duplicates and seconds from the restart to the last browser reached (bench/parts/alert_kill.py).
- wire: 10,000 ninjs items one per file and 500 per file, on an empty desk and on one holding a million
  old items, in a database of its own (bench/parts/wire.py, bench/wire_ingest.py).
- newsletters: one edition to 100,000 subscribers through a loopback SMTP server from one `kabar worker`, then
  the worker killed at half and restarted: messages/s, worker RSS, duplicates and missed (bench/parts/newsletters.py).

Without --data-dir, a fresh data directory is seeded (the demo newsroom plus --articles generated
archive articles; 1,000 by default, 100 in smoke mode) and removed afterwards. With --data-dir, that
seeded directory is used as it is: public pages only read it; the purge part publishes a few headline
changes to one article and puts the headline back. Results go to bench-results/<time>.json and are
printed as Markdown for docs/benchmarks.md. Smoke mode measures every part briefly, so CI proves the
harness works; it never fails on a missed goal, only when the harness itself breaks.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import Bench, probe
from bench.parts import (
    alert_kill,
    cached,
    flood,
    lighthouse,
    live,
    memory,
    newsletters,
    purge,
    render,
    search,
    weight,
    wire,
)
from bench.report import markdown
from bench.servers import KABAR, ROOT, KabarServer, KabarWorker, Varnish

PARTS = (
    "cached",
    "purge",
    "live",
    "weight",
    "lighthouse",
    "render",
    "memory",
    "search",
    "flood",
    "alerts",
    "wire",
    "newsletters",
)
SECRET_KEY = "kabar-bench-secret-key-" + "b" * 30
DEMO_PASSWORD = "bench-password-1"  # noqa: S105 - the seeded demo accounts' password


def site_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """A production-like environment: none of the caller's KABAR_/DJANGO_ settings, Redis or test mode."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KABAR_", "DJANGO_", "PYTEST_", "GRANIAN_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        KABAR_DATA_DIR=str(data_dir),
        KABAR_DEBUG="0",
        KABAR_LOG_LEVEL="WARNING",
        KABAR_SECRET_KEY=SECRET_KEY,
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def seed(env: dict[str, str], articles: int) -> float:
    started = time.monotonic()
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["demo", "--password", DEMO_PASSWORD, "--articles", str(articles)],
    ):
        done = subprocess.run([*KABAR, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"kabar {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def check_tools(parts: list[str]) -> None:
    needed = {"wrk": "wrk (make load-tool)"}
    if "cached" in parts:
        needed["nginx"] = "nginx (make load-tool)"
    if {"cached", "purge", "live", "flood", "lighthouse"} & set(parts):
        needed["varnishd"] = "varnishd (make varnish)"
    missing = [what for tool, what in needed.items() if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists())]
    if {"weight", "lighthouse"} & set(parts) and not Path(weight.CHROMIUM).exists():
        missing.append("chromium (make browser)")
    if "lighthouse" in parts and not lighthouse.LIGHTHOUSE.exists():
        missing.append("lighthouse (make lighthouse)")
    if missing:
        raise SystemExit("missing: " + ", ".join(missing))


@contextmanager
def cached_stack(bench: Bench) -> Iterator[tuple[KabarServer, Varnish]]:
    """`kabar serve` with its page cache on, `kabar worker`, and Varnish in front (purged by the worker)."""
    varnish = Varnish(bench.workdir / "varnish", backend_port=0)
    env = {**bench.env, "KABAR_PAGE_CACHE": "1", "KABAR_VARNISH_URLS": varnish.url}
    kabar = KabarServer(env, bench.workdir, "kabar-cached")
    worker = KabarWorker(env, bench.workdir)
    try:
        kabar.start()
        varnish.backend_port = kabar.port
        worker.start()
        varnish.start()
        yield kabar, varnish
    finally:
        varnish.stop()
        worker.stop()
        kabar.stop()


@contextmanager
def render_stack(bench: Bench) -> Iterator[KabarServer]:
    """`kabar serve` with its page cache off: every request renders."""
    kabar = KabarServer({**bench.env, "KABAR_PAGE_CACHE": "0"}, bench.workdir, "kabar-render")
    try:
        kabar.start()
        yield kabar
    finally:
        kabar.stop()


def run_parts(bench: Bench, parts: list[str]) -> None:
    results = bench.results["parts"]
    timings = bench.results.setdefault("part_seconds", {})

    def timed(name: str, title: str, measure: Callable[[], dict[str, Any]]) -> None:
        bench.log(title)
        started = time.monotonic()
        results[name] = measure()
        timings[name] = round(time.monotonic() - started, 1)

    if {"cached", "purge", "live", "weight", "lighthouse", "flood"} & set(parts):
        bench.log("starting kabar serve (page cache on), kabar worker and Varnish")
        started = time.monotonic()
        with cached_stack(bench) as (kabar, varnish):
            timings["start_cached_stack"] = round(time.monotonic() - started, 1)
            if "cached" in parts:
                timed("cached", "part 1: cached article", lambda: cached.run(bench, kabar, varnish))
            if "purge" in parts:
                timed("purge", "part 3: purge", lambda: purge.run(bench, kabar, varnish))
            if "weight" in parts:
                timed("weight", "part 5: weight", lambda: weight.run(bench, kabar))
            if "lighthouse" in parts:
                timed("lighthouse", "part 10: Lighthouse mobile", lambda: lighthouse.run(bench, varnish))
            if "flood" in parts:
                timed("flood", "part 7: cached home during a search flood", lambda: flood.run(bench, kabar))
            if "live" in parts:
                timed("live", "part 11: live report under pollers", lambda: live.run(bench, kabar, varnish))
    if {"render", "memory", "search"} & set(parts):
        bench.log("starting kabar serve (page cache off)")
        started = time.monotonic()
        with render_stack(bench) as kabar:
            timings["start_render_stack"] = round(time.monotonic() - started, 1)
            peaks: dict[int, float] = {}
            if "render" in parts:
                timed("render", "part 2: uncached render", lambda: render.run(bench, kabar, peaks))
            if "memory" in parts:
                if "render" not in parts:
                    bench.log("part 6: memory (its own render load)")
                    memory.load(bench, kabar, peaks)
                results["memory"] = memory.report(peaks, "wrk on the article, home and section pages, page cache off")
            if "search" in parts:
                timed("search", "part 4: search", lambda: search.run(bench, kabar))
    if "alerts" in parts:
        timed("alerts", "part 8: a worker killed mid-alert", lambda: alert_kill.run(bench))

    if "wire" in parts:
        timed("wire", "part 9: wire desk ingest", lambda: wire.run(bench))
    if "newsletters" in parts:
        timed("newsletters", "part 12: a newsletter edition to its subscribers", lambda: newsletters.run(bench))


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name, command in {
        "wrk": ["wrk", "-v"],
        "nginx": [shutil.which("nginx") or "/usr/sbin/nginx", "-v"],
        "varnishd": [shutil.which("varnishd") or "/usr/sbin/varnishd", "-V"],
        "chromium": [weight.CHROMIUM, "--version"],
        "lighthouse": [str(lighthouse.LIGHTHOUSE), "--version"],
    }.items():
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
            found[name] = (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            found[name] = "not found"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="every part, small and short, for CI")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of: {','.join(PARTS)}")
    parser.add_argument("--data-dir", type=Path, default=None, help="a seeded KABAR_DATA_DIR to use as it is")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--articles", type=int, default=None, help="archive articles to seed (no --data-dir)")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per run (10; smoke 1, render 2)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement, median reported (3; smoke 1)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections for cached pages")
    parser.add_argument("--render-connections", type=int, default=16, help="wrk connections for rendered pages")
    parser.add_argument("--purge-samples", type=int, default=None, help="changes timed per path (20; smoke 2)")
    parser.add_argument("--burst-samples", type=int, default=None, help="bursts per path (5; smoke 1)")
    parser.add_argument("--search-queries", type=int, default=None, help="query words (50; smoke 10)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs and files")
    args = parser.parse_args()
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown parts: {', '.join(unknown)} (known: {', '.join(PARTS)})")
    if args.data_dir is not None and not args.data_dir.is_dir():
        parser.error(f"--data-dir {args.data_dir} is not a directory")
    check_tools(parts)
    smoke = args.smoke
    workdir = Path(tempfile.mkdtemp(prefix="kabar-bench-run-"))
    workdir.chmod(0o755)  # nginx's workers (an unprivileged user under root) read the page from here
    seeded_here = args.data_dir is None
    data_dir = (workdir / "data") if seeded_here else args.data_dir.resolve()
    env = site_env(data_dir, args.database_url)
    articles = args.articles if args.articles is not None else (100 if smoke else 1000)
    bench = Bench(
        env=env,
        workdir=workdir,
        data_dir=data_dir,
        database="PostgreSQL" if args.database_url.startswith("postgres") else "SQLite",
        smoke=smoke,
        seconds=args.seconds or (1 if smoke else 10),
        # A page that takes a second to render under load needs more than a second of wrk to be counted.
        render_seconds=args.seconds or (2 if smoke else 10),
        runs=args.runs or (1 if smoke else 3),
        connections_cached=args.connections,
        connections_render=args.render_connections,
        purge_samples=args.purge_samples or (2 if smoke else 20),
        burst_samples=args.burst_samples or (1 if smoke else 5),
        search_queries=args.search_queries or (10 if smoke else 50),
    )
    command = shlex.join([".venv/bin/python", "-m", "bench.run", *sys.argv[1:]])
    bench.results = {
        "command": command,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "mode": "smoke" if smoke else "full",
        "database": bench.database,
        "data_dir": "seeded for this run" if seeded_here else str(data_dir),
        "machine": {"cpus": os.cpu_count(), "load_average_start": [round(x, 2) for x in os.getloadavg()]},
        "settings": {
            "seconds": bench.seconds,
            "render_seconds": bench.render_seconds,
            "runs": bench.runs,
            "connections_cached": bench.connections_cached,
            "connections_render": bench.connections_render,
        },
        "versions": versions(),
        "parts": {},
    }
    started = time.monotonic()
    failed = True
    try:
        if seeded_here:
            bench.log(f"seeding the demo newsroom and {articles} archive articles in {data_dir}")
            data_dir.mkdir(parents=True)
            bench.results["seed_seconds"] = round(seed(env, articles), 1)
            bench.results["seeded_articles"] = articles
        elif not (data_dir / "static").is_dir():
            bench.log("collecting static files into the data directory")
            subprocess.run([*KABAR, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        bench.urls = probe(bench, "site", str(bench.search_queries))
        bench.results["urls"] = {k: v for k, v in bench.urls.items() if k not in ("member_cookie", "search_words")}
        bench.results["published_articles"] = bench.urls.get("published_articles")
        run_parts(bench, parts)
        failed = False
    finally:
        bench.results["seconds_total"] = round(time.monotonic() - started, 1)
        bench.results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        bench.results["notes"] = bench.notes
        out_dir = ROOT / "bench-results"
        out_dir.mkdir(exist_ok=True)
        out = out_dir / f"{time.strftime('%Y%m%d-%H%M%S')}{'-smoke' if smoke else ''}.json"
        out.write_text(json.dumps(bench.results, indent=2, default=str))
        if failed or args.keep_logs:
            print(f"\nLogs and files kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(markdown(bench.results))
    print(f"\nResults: {out.relative_to(ROOT)} ({bench.results['seconds_total']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
