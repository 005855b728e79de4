"""Part 1: a cached article's throughput, as a ratio to nginx sending the same HTML bytes from disk.

Three servers answer the same path with the same bytes: nginx from a file, Varnish (the shipped
kabar.vcl) from its cache in front of `kabar serve`, and `kabar serve` alone from its embedded page
cache (the default: an SQLite file, answered in kabar/wsgi.py before Django). Their wrk runs are
interleaved (nginx, Varnish, Kabar, then again), so a busy moment on the shared machine hits all three.
Varnish is measured twice: for a client without gzip (it gunzips its stored copy) and for one that
takes gzip, against nginx sending the same gzipped bytes (gzip_static).
"""

from __future__ import annotations

import gzip
import shlex
from typing import Any

from bench.common import Bench, median_of, verdict, wrk
from bench.servers import KabarServer, Nginx, Varnish, get

GOALS = {"varnish": 0.7, "kabar": 0.15, "varnish_gzip": 0.7}
# Each server's ratio is to nginx sending the same bytes: the gzipped copy for clients that take gzip.
CEILING = {"varnish": "nginx", "kabar": "nginx", "varnish_gzip": "nginx_gzip"}
GZIP = {"Accept-Encoding": "gzip"}


def warm(url: str, want: str = "HIT") -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(3):
        status, headers, _body = get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        if headers.get("x-cache") == want:
            break
    return headers


def run(bench: Bench, kabar: KabarServer, varnish: Varnish) -> dict[str, Any]:
    path = bench.urls["article"]
    warm(kabar.url + path)
    status, headers, body = get(kabar.url + path)
    if status != 200 or headers.get("x-cache") != "HIT":
        raise RuntimeError(f"Kabar's page cache did not answer {path}: {status} {headers.get('x-cache')}")
    root = bench.workdir / "nginx-root"
    page_file = root / path.strip("/") / "index.html"
    page_file.parent.mkdir(parents=True, exist_ok=True)
    page_file.write_bytes(body)
    # Varnish stores the page gzipped (kabar.vcl) and sends those bytes to browsers that accept gzip;
    # nginx gets the very same bytes to send, precompressed, for the like-for-like comparison.
    warm(varnish.url + path)
    status, gzip_headers, gzipped = get(varnish.url + path, GZIP)
    if status != 200 or gzip_headers.get("content-encoding") != "gzip" or gzip.decompress(gzipped) != body:
        raise RuntimeError(f"Varnish does not send {path} gzipped with Kabar's bytes")
    page_file.with_name("index.html.gz").write_bytes(gzipped)
    nginx = Nginx(bench.workdir / "nginx", root)
    nginx.start(path)
    try:
        if get(nginx.url + path)[2] != body:
            raise RuntimeError("nginx does not send the article's bytes")
        varnish_headers = warm(varnish.url + path)
        if varnish_headers.get("x-cache") != "HIT" or get(varnish.url + path)[2] != body:
            raise RuntimeError(f"Varnish does not answer {path} from its cache with Kabar's bytes")
        if get(nginx.url + path, GZIP)[2] != gzipped:
            raise RuntimeError("nginx does not send the article's gzipped bytes")
        targets = {
            "nginx": nginx.url,
            "varnish": varnish.url,
            "kabar": kabar.url,
            "nginx_gzip": nginx.url,
            "varnish_gzip": varnish.url,
        }
        commands = {name: bench.wrk_command(base + path, bench.connections_cached) for name, base in targets.items()}
        for name in ("nginx_gzip", "varnish_gzip"):
            commands[name][-1:-1] = ["-H", "Accept-Encoding: gzip"]
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for run_number in range(bench.runs):
            for name, command in commands.items():
                # Kabar's copy goes stale after KABAR_PAGE_CACHE_SECONDS: start each run from a fresh one.
                warm(targets[name] + path)
                samples[name].append(wrk(command))
                bench.log(f"cached {name}: run {run_number + 1}/{bench.runs}: {samples[name][-1]['rps']:.0f} req/s")
    finally:
        nginx.stop()
    servers = {name: {**median_of(found), "command": shlex.join(commands[name])} for name, found in samples.items()}
    for name, goal in GOALS.items():
        ceiling = servers[CEILING[name]]["rps"]
        ratio = servers[name]["rps"] / ceiling if ceiling else None
        servers[name]["ratio_to_nginx"] = round(ratio, 3) if ratio is not None else None
        servers[name]["goal"] = f">= {goal}"
        servers[name]["verdict"] = verdict(ratio, goal, at_least=True)
    nginx_conf = (nginx.workdir / "nginx.conf").read_text()
    return {
        "path": path,
        "html_bytes": len(body),
        "gzip_bytes": len(gzipped),
        "nginx_conf": nginx_conf,
        "servers": servers,
    }
