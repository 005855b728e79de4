"""What every part of the bench shares: the run's settings, wrk, medians, the in-process probe."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.servers import ROOT, rss_mb

WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_TOTAL = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s),")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Bench:
    """One run of the bench: where the site lives, how long and how often to measure, what was found."""

    env: dict[str, str]
    workdir: Path
    data_dir: Path
    database: str
    smoke: bool
    seconds: int
    render_seconds: int
    runs: int
    connections_cached: int
    connections_render: int
    purge_samples: int
    burst_samples: int
    search_queries: int
    urls: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def wrk_command(self, url: str, connections: int, seconds: int | None = None) -> list[str]:
        # wrk's default 2 s timeout would drop a slow render from the latencies and count it as an error.
        return ["wrk", "-t2", f"-c{connections}", f"-d{seconds or self.seconds}s", "--timeout", "30s", "--latency", url]

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def kabar_defaults_env() -> dict[str, str]:
    """This process's environment without its Kabar, Django, pytest, database and Redis settings: a bench
    script run from here gets Kabar's defaults, as it does when run by hand."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KABAR_", "DJANGO_", "PYTEST_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }


def run_script(args: list[str], output: Path, *, timeout: int, must_succeed: bool = True) -> dict[str, Any]:
    """Run a bench script (`python <args> --output <output>`) with Kabar's defaults and read the JSON it wrote.

    `must_succeed=False` for a script whose exit status says a goal was missed, not that it broke.
    """
    done = subprocess.run(
        [sys.executable, *args, "--output", str(output)],
        env=kabar_defaults_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if (must_succeed and done.returncode != 0) or not output.exists():
        raise RuntimeError(f"{shlex.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(output.read_text())
    return found


def wrk(command: list[str]) -> dict[str, float]:
    """One wrk run: requests per second, latency percentiles in ms, and errors."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(command, done.stdout)


def parse_wrk(command: list[str], output: str) -> dict[str, float]:
    found = WRK_RPS.search(output)
    if found is None:
        raise RuntimeError(f"no Requests/sec in the output of {shlex.join(command)}:\n{output}")
    result: dict[str, float] = {"rps": float(found.group(1))}
    total = WRK_TOTAL.search(output)
    if total:
        result["requests"] = int(total.group(1))
        result["seconds"] = float(total.group(2)) * UNITS[total.group(3)] / 1000
    if result.get("requests", 1):  # with no answer at all wrk prints latencies of 0
        for percentile, value, unit in WRK_LATENCY.findall(output):
            result[f"p{percentile}_ms"] = round(float(value) * UNITS[unit], 2)
    errors = WRK_ERRORS.search(output)
    socket_errors = WRK_SOCKET.search(output)
    result["errors"] = (int(errors.group(1)) if errors else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return result


def median_of(samples: list[dict[str, float]]) -> dict[str, float]:
    keys = [key for key in samples[0] if all(key in s for s in samples)]
    merged = {key: round(statistics.median(s[key] for s in samples), 2) for key in keys}
    merged["runs"] = len(samples)
    merged["rps_each"] = [s["rps"] for s in samples]
    return merged


def measure(bench: Bench, url: str, connections: int, label: str) -> dict[str, Any]:
    """wrk `runs` times on `url`; the median, each run's rate, and the exact command."""
    command = bench.wrk_command(url, connections)
    samples = []
    for run in range(bench.runs):
        samples.append(wrk(command))
        bench.log(f"{label}: run {run + 1}/{bench.runs}: {samples[-1]['rps']:.1f} req/s")
    return {**median_of(samples), "command": shlex.join(command)}


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank), values in any order."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def probe(bench: Bench, *args: str, env: dict[str, str] | None = None) -> Any:
    """`python -m bench.probe ARGS` against the site's database; its last output line, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", *args],
        env=env or bench.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.probe {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def sampling_rss(pids: Callable[[], list[int]], into: dict[int, float], every: float = 0.5) -> Iterator[None]:
    """Samples the RSS (MB) of the processes `pids()` names while the block runs; keeps each one's peak."""
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid in pids():
                value = rss_mb(pid)
                if value is not None:
                    into[pid] = max(into.get(pid, 0.0), value)
            stop.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def verdict(value: float | None, goal: float, *, at_least: bool) -> str:
    if value is None or value != value:  # NaN
        return "not measured"
    met = value >= goal if at_least else value <= goal
    return "meets goal" if met else "misses goal"


class ProbeProcess:
    """A Django process of the bench's own (`python -m <module> <args>`), asked one JSON line at a time,
    answering one JSON line; its errors go to `<log_name>` in the bench's work directory."""

    def __init__(self, bench: Bench, env: dict[str, str], log_name: str, module: str, *args: str) -> None:
        self.log_name = log_name
        self.log = (bench.workdir / log_name).open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith("{"):
                answer: dict[str, Any] = json.loads(line)
                return answer
        raise RuntimeError(f"the {self.log_name} process stopped; see {self.log_name} in the bench's work directory")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
