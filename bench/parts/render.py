"""Part 2: uncached rendering against a bare Django view sending the same bytes (part 6 samples memory here).

`kabar serve` runs with its page cache off (KABAR_PAGE_CACHE=0), so every request renders. The bare
Django app (bench/bare_django.py) answers each path with the bytes Kabar rendered for it, under the
same granian arguments; the ratio of the two rates is what rendering costs. Queries per page are
counted in-process with the Django test client (bench/probe.py).
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from bench.common import Bench, median_of, probe, sampling_rss, verdict, wrk
from bench.servers import BareDjango, KabarServer, get

GOAL = 0.25
PAGES = ("article", "home", "section")


def bare_server(bench: Bench, kabar: KabarServer) -> BareDjango:
    """The bare app, loaded with the bytes Kabar renders now for each page."""
    pages_dir = bench.workdir / "bare-pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name in PAGES:
        path = bench.urls[name]
        status, _headers, body = get(kabar.url + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        (pages_dir / name).write_bytes(body)
        manifest[path] = str(pages_dir / name)
    (pages_dir / "manifest.json").write_text(json.dumps(manifest))
    bare = BareDjango(bench.env, bench.workdir, "bare-django")
    bare.pages_manifest = pages_dir / "manifest.json"
    return bare


def run(bench: Bench, kabar: KabarServer, peaks: dict[int, float]) -> dict[str, Any]:
    queries = probe(bench, "queries", json.dumps({name: bench.urls[name] for name in PAGES}),
                    env={**bench.env, "KABAR_PAGE_CACHE": "0"})  # fmt: skip
    bare = bare_server(bench, kabar)
    bare.start()
    try:
        commands = {
            (server, name): bench.wrk_command(base + bench.urls[name], bench.connections_render, bench.render_seconds)
            for server, base in (("kabar", kabar.url), ("bare", bare.url))
            for name in PAGES
        }
        for name in PAGES:
            get(kabar.url + bench.urls[name])  # templates and connections warm
        samples: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in commands}
        for run_number in range(bench.runs):
            for name in PAGES:
                for server in ("kabar", "bare"):
                    key = (server, name)
                    if server == "kabar":
                        with sampling_rss(kabar.workers, peaks):
                            samples[key].append(wrk(commands[key]))
                    else:
                        samples[key].append(wrk(commands[key]))
                    bench.log(f"render {server} {name}: run {run_number + 1}/{bench.runs}: "
                              f"{samples[key][-1]['rps']:.1f} req/s")  # fmt: skip
    finally:
        bare.stop()
    pages = {}
    for name in PAGES:
        kabar_found = {**median_of(samples[("kabar", name)]), "command": shlex.join(commands[("kabar", name)])}
        bare_found = {**median_of(samples[("bare", name)]), "command": shlex.join(commands[("bare", name)])}
        ratio = kabar_found["rps"] / bare_found["rps"] if bare_found["rps"] else None
        pages[name] = {
            "path": bench.urls[name],
            "kabar": kabar_found,
            "bare_django": bare_found,
            "ratio": round(ratio, 3) if ratio is not None else None,
            "goal": f">= {GOAL}",
            "verdict": verdict(ratio, GOAL, at_least=True),
            "queries": queries[name],
        }
    return {"pages": pages, "page_cache": "off (KABAR_PAGE_CACHE=0)"}
