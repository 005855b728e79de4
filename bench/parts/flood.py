"""Part 7: the cached home page during a flood of uncached searches, as a ratio to the home page alone.

`kabar serve` alone (page cache on, the default admission gate of kabar/delivery/admission.py). wrk
measures the cached home page by itself; then again while a second wrk keeps 100 connections
asking random searches (a headline word and a random string: every one a miss that needs Django's
whole stack). The runs are interleaved (alone, flooded, again), and the flood starts a second before
the measured wrk so it is at full strength. The flood's own answers are counted: 200s got through
the gate, 503s were turned away with Retry-After.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.common import Bench, median_of, parse_wrk, verdict, wrk
from bench.parts.cached import warm
from bench.servers import KabarServer

GOAL_RATIO = 0.5
FLOOD_CONNECTIONS = 100
FLOOD_LEAD_SECONDS = 1

# Each request a search no one asked before: a headline word and six random letters.
FLOOD_SCRIPT = """
local words = %s
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  local letters = {}
  for i = 1, 6 do letters[i] = string.char(math.random(97, 122)) end
  local q = words[math.random(#words)] .. "+" .. table.concat(letters)
  return wrk.format("GET", "/search/?q=" .. q)
end
"""


def flood_script(bench: Bench) -> Path:
    words = [word for word in bench.urls.get("search_words") or [] if word.isalpha()] or ["berita"]
    lua_words = "{" + ", ".join(json.dumps(word) for word in words) + "}"
    script = bench.workdir / "flood.lua"
    script.write_text(FLOOD_SCRIPT % lua_words)
    return script


def run(bench: Bench, kabar: KabarServer) -> dict[str, Any]:
    path = bench.urls["home"]
    script = flood_script(bench)
    measured = bench.wrk_command(kabar.url + path, bench.connections_cached)
    flood_seconds = bench.seconds + 2 * FLOOD_LEAD_SECONDS
    flood = bench.wrk_command(kabar.url + "/", FLOOD_CONNECTIONS, flood_seconds)
    flood[-1:-1] = ["-s", str(script)]
    alone: list[dict[str, float]] = []
    flooded: list[dict[str, float]] = []
    floods: list[dict[str, float]] = []
    for run_number in range(bench.runs):
        warm(kabar.url + path)
        alone.append(wrk(measured))
        bench.log(f"flood: run {run_number + 1}/{bench.runs}: home alone {alone[-1]['rps']:.0f} req/s")
        warm(kabar.url + path)
        flooding = subprocess.Popen(flood, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(FLOOD_LEAD_SECONDS)
            flooded.append(wrk(measured))
        finally:
            out, err = flooding.communicate(timeout=flood_seconds + 60)
        if flooding.returncode != 0:
            raise RuntimeError(f"{shlex.join(flood)} failed: {err.strip() or out.strip()}")
        floods.append(parse_wrk(flood, out))
        bench.log(
            f"flood: run {run_number + 1}/{bench.runs}: home during the flood {flooded[-1]['rps']:.0f} req/s "
            f"(p99 {flooded[-1].get('p99_ms', 0):.1f} ms); the flood {floods[-1]['rps']:.0f} req/s, "
            f"{floods[-1]['errors']:.0f} turned away"
        )
    without = {**median_of(alone), "command": shlex.join(measured)}
    during = {**median_of(flooded), "command": shlex.join(measured)}
    ratio = during["rps"] / without["rps"] if without["rps"] else None
    status, headers, _body = _one_search(kabar)
    return {
        "path": path,
        "without_flood": without,
        "during_flood": during,
        "flood": {**median_of(floods), "command": shlex.join(flood), "script": FLOOD_SCRIPT.strip()},
        "ratio": round(ratio, 3) if ratio is not None else None,
        "goal": f">= {GOAL_RATIO}",
        "verdict": verdict(ratio, GOAL_RATIO, at_least=True),
        "search_after_flood": {"status": status, "x_cache": headers.get("x-cache")},
    }


def _one_search(kabar: KabarServer) -> tuple[int, dict[str, str], bytes]:
    """Once the flood is over, a reader's search is answered again (the gate let go of every slot)."""
    from bench.servers import get

    deadline = time.monotonic() + 10
    while True:
        found = get(kabar.url + "/search/?q=berita+" + str(time.time_ns()))
        if found[0] == 200 or time.monotonic() > deadline:
            return found
        time.sleep(0.5)
