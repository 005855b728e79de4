"""`make bench` / `make bench-smoke`: serve a seeded Kabar on loopback and measure it with wrk.

Each run seeds a fresh data directory (the demo newsroom plus N generated archive articles),
starts the production server, and for each page measures requests per second and latency with
wrk (median of the runs), and SQL queries per page in-process. Results go to
bench-results/<time>.json and are printed as a Markdown table with the commands that made them.
Smoke mode is short and small so CI can run it; it reports and never fails on machine noise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KABAR = [sys.executable, "-m", "kabar"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not come up at {url}")


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(WRK_LINE.search(output).group(1))
    latency = {f"p{p}_ms": float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
    return {"rps": rps, **latency}


def seed(data_dir: Path, articles: int, env: dict[str, str]) -> float:
    started = time.monotonic()
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*KABAR, *args], env=env, check=True)
    subprocess.run([*KABAR, "demo", "--password", "bench-password-1", "--articles", str(articles)], env=env, check=True)
    return time.monotonic() - started


def sample_urls(env: dict[str, str]) -> dict[str, str]:
    code = (
        "import json;from kabar.articles.models import ArticlePage,SectionPage;"
        "a=ArticlePage.objects.live().filter(published_at__isnull=False).order_by('-published_at').first();"
        "s=SectionPage.objects.live().first();"
        "print(json.dumps({'article':a.dated_path(),'home':'/','section':'/'+s.slug+'/'}))"
    )
    output = subprocess.run([*KABAR, "shell", "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def queries_per_page(env: dict[str, str], urls: dict[str, str]) -> dict[str, int]:
    code = (
        "import json,sys;from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;c=Client();urls=json.loads(sys.argv[1]);out={}\n"
        "for name,url in urls.items():\n"
        "    c.get(url)\n"
        "    with CaptureQueriesContext(connection) as q: c.get(url)\n"
        "    out[name]=len(q)\n"
        "print(json.dumps(out))"
    )
    script = Path(tempfile.mkstemp(suffix=".py")[1])
    script.write_text(
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','kabar.settings');django.setup()\n" + code
    )
    try:
        # Queries are what rendering a page costs: the page cache must not answer the second request.
        output = subprocess.run(
            [sys.executable, str(script), json.dumps(urls)],
            env={**env, "KABAR_PAGE_CACHE": "0"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        script.unlink()
    return json.loads(output.strip().splitlines()[-1])


def serve(env: dict[str, str], port: int, server: str) -> subprocess.Popen:
    if server == "granian":
        command = [
            str(Path(sys.executable).parent / "granian"), "--interface", "wsgi", "--workers", "2",
            "--blocking-threads", "4", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            "kabar.wsgi:application",
        ]  # fmt: skip
    else:
        command = [*KABAR, "serve", "--port", str(port), "--workers", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small and short, for CI")
    parser.add_argument("--articles", type=int, default=None, help="generated archive articles on top of the demo")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per run")
    parser.add_argument("--runs", type=int, default=None, help="wrk runs per page (median reported)")
    parser.add_argument("--servers", default=None, help="comma-separated: gunicorn,granian")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--page-cache", action="store_true", help="serve with Kabar's page cache on (default: measure rendering)"
    )
    args = parser.parse_args()
    articles = args.articles if args.articles is not None else (100 if args.smoke else 1000)
    seconds = args.seconds or (2 if args.smoke else 10)
    runs = args.runs or (1 if args.smoke else 3)
    servers = (args.servers or ("gunicorn" if args.smoke else "gunicorn,granian")).split(",")
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk); nothing measured.")
        return 0 if args.smoke else 1

    data_dir = Path(tempfile.mkdtemp(prefix="kabar-bench-"))
    env = {**os.environ, "KABAR_DATA_DIR": str(data_dir), "KABAR_DEBUG": "0", "KABAR_LOG_LEVEL": "WARNING"}
    # wrk asks for the same URL again and again: without this, it would measure cache hits.
    env["KABAR_PAGE_CACHE"] = "1" if args.page_cache else "0"
    env.pop("KABAR_TESTING", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    results: dict[str, object] = {"articles": articles, "seconds": seconds, "runs": runs, "pages": {}}
    try:
        results["seed_seconds"] = round(seed(data_dir, articles, env), 1)
        urls = sample_urls(env)
        results["queries"] = queries_per_page(env, urls)
        for server in servers:
            port = free_port()
            process = serve(env, port, server)
            try:
                wait_until_up(f"http://127.0.0.1:{port}/healthz")
                for name, path in urls.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    urllib.request.urlopen(url).read()
                    samples = [wrk(url, seconds, 16) for _ in range(runs)]
                    results["pages"][f"{server} {name}"] = {
                        key: round(statistics.median(s[key] for s in samples), 2) for key in samples[0]
                    }
            finally:
                process.terminate()
                process.wait(timeout=20)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    print(
        f"\nKabar bench ({'smoke' if args.smoke else 'full'}): {articles} archive articles, "
        f"wrk -t2 -c16 -d{seconds}s --latency, median of {runs}; seeded in {results['seed_seconds']} s"
    )
    print("| server page | req/s | p50 ms | p99 ms | queries |")
    print("| --- | --- | --- | --- | --- |")
    for key, value in results["pages"].items():
        page = key.split()[-1]
        print(
            f"| {key} | {value['rps']} | {value.get('p50_ms', '')} | {value.get('p99_ms', '')} | "
            f"{results['queries'].get(page, '')} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
