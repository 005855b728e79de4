"""Part 11: a live report under 2,000 pollers: update to visible, origin work per update, queries.

A live report of the bench's own (bench/live_probe.py `prepare`, 2,000 updates) is polled through
Varnish (deploy/varnish/kabar.vcl) in front of `kabar serve` (page cache on) and `kabar worker`
(the purges), the stack of parts 1 and 3. One asyncio process keeps 2,000 pollers (200 in smoke
mode), each asking the report's poll JSON every poll interval (15 s; 2 s in smoke) from its own
random start, with what the page's script (live.js) sends: `If-None-Match` with the last ETag, and
`Accept-Encoding: gzip` as browsers do. live.js waits between one and two intervals at random; the
pollers keep to one, so the goal (p95 <= interval + 1 s) judges the caches rather than the jitter.
Beside them, page readers load the report's page once a second each (new readers arriving), so
a purge of the page is followed by its render.

An editor process (`bench.live_probe poster`) posts updates through
the live desk's service (kabar.live.services.post_update, as the composer does) against the same
database: 5 updates 20 s apart (smoke: 2, 4 s apart), once every poller has its first answer. Measured:

- update to visible: for each update and each poller, from the commit (time.time() in the editor's
  on_commit, before the purges) to the end of the first answer that holds the update's id;
  p50 / p95 / max over every (update, poller); goal p95 <= poll interval + 1 s. Besides, the polls
  sent after the commit that still came back without it, and the latest of them: how long the
  caches took to pass it on, whatever the interval;
- origin work per update: the page's and the poll JSON's "rendered" lines in `kabar serve`'s log
  (Kabar's page cache logs each render it lets through) between one post and the next, and
  Varnish's MAIN.backend_req; goal 1 page render and 1 JSON render per update;
- queries: the report's page and poll JSON with 20 updates and again with 2,000 (older ones added in
  bulk), each rendered twice in-process with the page cache off, the second counted; goal: the same
  number both times.

The report is deleted at the end, so the parts after this one and a --data-dir find the site as it was.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.common import Bench, ProbeProcess, percentile, verdict
from bench.servers import ROOT, KabarServer, Varnish, get

GOAL_EXTRA_S = 1.0
GOAL_RENDERS = 1
SMALL_REPORT = 20
LARGE_REPORT = 2_000


@dataclass(frozen=True)
class Settings:
    pollers: int
    interval_s: float
    updates: int
    gap_s: float
    page_readers: int
    reader_interval_s: float = 1.0
    # False: every interval exactly. True: as live.js schedules (setTimeout(poll, interval * (1 + random))),
    # between one and two intervals, for a one-off comparison.
    livejs_jitter: bool = False

    @classmethod
    def for_run(cls, smoke: bool) -> Settings:
        if smoke:
            return cls(pollers=200, interval_s=2.0, updates=2, gap_s=4.0, page_readers=5)
        return cls(pollers=2_000, interval_s=15.0, updates=5, gap_s=20.0, page_readers=20)


@dataclass
class Counts:
    polls: int = 0
    ok: int = 0
    not_modified: int = 0
    other_status: int = 0
    errors: int = 0
    retried: int = 0
    page_loads: int = 0
    page_errors: int = 0
    late_starts: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def update_ids(payload: Any) -> set[int]:
    """The update ids in a poll JSON answer: every "id" of the objects in its "updates" list."""
    found: set[int] = set()
    updates = payload.get("updates") if isinstance(payload, dict) else None
    for item in updates or []:
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            found.add(item["id"])
    return found


class Pollers:
    """N pollers and M page readers in one asyncio loop, each on its own schedule."""

    def __init__(self, settings: Settings, json_url: str, page_url: str) -> None:
        self.settings = settings
        self.json_url = json_url
        self.page_url = page_url
        self.counts = Counts()
        # seen[poller][update id] = time.time() at the end of the first answer holding it.
        self.seen: list[dict[int, float]] = [{} for _ in range(settings.pollers)]
        # When each poll was sent, and which poll first brought each update (its send time).
        self.starts: list[list[float]] = [[] for _ in range(settings.pollers)]
        self.seen_sent: list[dict[int, float]] = [{} for _ in range(settings.pollers)]
        self.first_poll_done = 0
        self.stop_at = float("inf")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.tasks: list[asyncio.Task[None]] = []

    async def _get(self, session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> tuple[int, bytes, str]:
        for attempt in (1, 2):
            try:
                async with session.get(url, headers=headers, allow_redirects=False) as response:
                    body = await response.read()
                    return response.status, body, response.headers.get("ETag", "")
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
                # Varnish closes a keep-alive connection idle for timeout_idle (5 s); a browser
                # opens a new one, so the poller does too, once.
                if attempt == 2:
                    raise
                self.counts.retried += 1
        raise AssertionError("unreachable")

    async def poller(self, session: aiohttp.ClientSession, index: int, start: float) -> None:
        interval = self.settings.interval_s
        etag = ""
        seen, starts, seen_sent = self.seen[index], self.starts[index], self.seen_sent[index]
        jitter = random.Random(index)
        at = start
        first = True
        while at < self.stop_at:
            delay = at - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.5:
                self.counts.late_starts += 1  # the client itself fell behind: its figures would be too
            headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
            if etag:
                headers["If-None-Match"] = etag
            self.counts.polls += 1
            sent = time.time()
            starts.append(sent)
            try:
                status, body, new_etag = await self._get(session, self.json_url, headers)
            except (aiohttp.ClientError, TimeoutError):
                self.counts.errors += 1
            else:
                now = time.time()
                self.counts.statuses[status] = self.counts.statuses.get(status, 0) + 1
                try:
                    payload = json.loads(body) if status == 200 else None
                except ValueError:
                    status, payload = -1, None  # not the poll JSON: counted as another answer
                if status == 200:
                    self.counts.ok += 1
                    etag = new_etag
                    for update_id in update_ids(payload):
                        if update_id not in seen:
                            seen[update_id] = now
                            seen_sent[update_id] = sent
                elif status == 304:
                    self.counts.not_modified += 1
                else:
                    self.counts.other_status += 1
            if first:
                self.first_poll_done += 1
                first = False
            at += interval * (1 + jitter.random()) if self.settings.livejs_jitter else interval

    async def reader(self, session: aiohttp.ClientSession, start: float) -> None:
        at = start
        while at < self.stop_at:
            delay = at - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                status, _body, _etag = await self._get(session, self.page_url, {"Accept-Encoding": "gzip"})
            except (aiohttp.ClientError, TimeoutError):
                self.counts.page_errors += 1
            else:
                self.counts.page_loads += 1
                if status != 200:
                    self.counts.page_errors += 1
            at += self.settings.reader_interval_s

    async def run(self) -> None:
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=None)
        timeout = aiohttp.ClientTimeout(total=30)
        chooser = random.Random(11)
        self.loop = asyncio.get_running_loop()
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=True) as session:
            now = time.time()
            self.tasks = [
                asyncio.create_task(self.poller(session, i, now + chooser.uniform(0, self.settings.interval_s)))
                for i in range(self.settings.pollers)
            ]
            self.tasks += [
                asyncio.create_task(self.reader(session, now + chooser.uniform(0, self.settings.reader_interval_s)))
                for _ in range(self.settings.page_readers)
            ]
            results = await asyncio.gather(*self.tasks, return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException) and not isinstance(r, asyncio.CancelledError)]
        if failed:
            raise failed[0]

    def stop(self) -> None:
        """From another thread: every poller and reader ends now (the measurement is over)."""
        self.stop_at = time.time()
        if self.loop is not None:
            for task in self.tasks:
                self.loop.call_soon_threadsafe(task.cancel)


class Poster(ProbeProcess):
    """The editor: a Django process posting updates through the live desk's service on request."""

    def __init__(self, bench: Bench, env: dict[str, str], report_id: int) -> None:
        super().__init__(bench, env, "live-poster.log", "bench.live_probe", "poster", str(report_id))

    def post(self, headline: str, text: str) -> dict[str, Any]:
        """Posts an update; {"committed": time of the commit, "id": the update's id}."""
        return self.ask({"headline": headline, "text": text})


def rendered(kabar: KabarServer, path: str) -> int:
    """How many times Kabar's page cache has let `path` render (its "rendered <path> <variant>" lines)."""
    needle = f"kabar.delivery.pagecache.serving: rendered {path} "
    return sum(1 for line in kabar.log.read_text(errors="replace").splitlines() if needle in line)


def origin_counts(kabar: KabarServer, varnish: Varnish, report: dict[str, Any]) -> dict[str, int | None]:
    return {
        "page": rendered(kabar, report["page"]),
        "json": rendered(kabar, report["json"]),
        "backend_req": varnish.backend_requests(),
    }


def settle(kabar: KabarServer, varnish: Varnish, report: dict[str, Any], quiet: float = 0.3) -> dict[str, int | None]:
    """origin_counts() once the log stops growing (granian writes a line after answering)."""
    counted = origin_counts(kabar, varnish, report)
    for _ in range(20):
        time.sleep(quiet)
        again = origin_counts(kabar, varnish, report)
        if again["page"] == counted["page"] and again["json"] == counted["json"]:
            return again
        counted = again
    return counted


def delta(after: dict[str, int | None], before: dict[str, int | None], key: str) -> int | None:
    a, b = after.get(key), before.get(key)
    return a - b if a is not None and b is not None else None


def summary_ms(latencies: list[float], goal_s: float) -> dict[str, Any]:
    finite = [x for x in latencies if x != float("inf")]
    p95 = percentile(latencies, 95) if latencies else float("nan")
    return {
        "samples": len(latencies),
        "not_seen": len(latencies) - len(finite),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p95_ms": round(p95 * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "goal": f"p95 <= {goal_s * 1000:,.0f} ms (poll interval + {GOAL_EXTRA_S:.0f} s)",
        "verdict": verdict(p95, goal_s, at_least=False),
    }


def stale_polls(pollers: Pollers, update_id: int, committed: float) -> tuple[int, float]:
    """Polls sent after the commit that still came back without the update, and the latest of them
    (seconds after the commit): how long the caches took to pass the update on, whatever the interval."""
    missed, latest = 0, 0.0
    for starts, seen_sent in zip(pollers.starts, pollers.seen_sent, strict=True):
        brought = seen_sent.get(update_id, float("inf"))
        for sent in starts:
            if committed < sent < brought:
                missed += 1
                latest = max(latest, sent - committed)
    return missed, latest


def measure_polling(bench: Bench, kabar: KabarServer, varnish: Varnish, report: dict[str, Any]) -> dict[str, Any]:
    settings = Settings.for_run(bench.smoke)
    json_url, page_url = varnish.url + report["json"], varnish.url + report["page"]
    for url in (json_url, page_url):
        status, _headers, body = get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}: {body[:300]!r}")
    # The serving stack's settings: the service's purge must reach Varnish through the worker. It
    # starts Django while the pollers warm up.
    poster = Poster(bench, kabar.env, report["id"])
    pollers = Pollers(settings, json_url, page_url)
    failure: list[BaseException] = []

    def serve_loop() -> None:
        try:
            asyncio.run(pollers.run())
        except BaseException as error:  # reported to the bench's thread below
            failure.append(error)

    thread = threading.Thread(target=serve_loop, name="live-pollers", daemon=True)
    updates: list[dict[str, Any]] = []
    try:
        thread.start()
        # Every poller has had its first answer (and an ETag).
        deadline = time.time() + settings.interval_s * 3 + 30
        while pollers.first_poll_done < settings.pollers and time.time() < deadline and not failure:
            time.sleep(0.1)
        if failure:
            raise RuntimeError("the pollers failed") from failure[0]
        # Origin work with nothing changing, as long as the wait between two updates: what is not an update's.
        baseline_from = settle(kabar, varnish, report)
        baseline_started = time.time()
        time.sleep(min(settings.gap_s, settings.interval_s))
        baseline_to = settle(kabar, varnish, report)
        baseline_s = time.time() - baseline_started
        for n in range(settings.updates):
            before = settle(kabar, varnish, report)
            posted = poster.post(
                f"Bench: pembaruan {n + 1}",
                f"Pembaruan ke-{n + 1} dari lokasi: air mulai surut di beberapa ruas jalan.",
            )
            updates.append({"id": posted["id"], "committed": posted["committed"], "before": before})
            bench.log(f"live: update {n + 1}/{settings.updates} (id {posted['id']}) committed")
            # The last one: a whole interval for every poller to ask again, and a margin.
            longest_gap = settings.interval_s * (2 if settings.livejs_jitter else 1)
            wait = settings.gap_s if n + 1 < settings.updates else longest_gap + 2.0
            time.sleep(max(0.0, posted["committed"] + wait - time.time()))
            updates[-1]["after"] = settle(kabar, varnish, report)
    finally:
        poster.close()
        pollers.stop()
        thread.join(timeout=60)
    if failure:
        raise RuntimeError("the pollers failed") from failure[0]

    goal_s = settings.interval_s + GOAL_EXTRA_S
    every: list[float] = []
    per_update = []
    for update in updates:
        latencies = [
            (seen[update["id"]] - update["committed"]) if update["id"] in seen else float("inf")
            for seen in pollers.seen
        ]
        every += latencies
        found = summary_ms(latencies, goal_s)
        missed, latest_missed = stale_polls(pollers, update["id"], update["committed"])
        per_update.append(
            {
                "id": update["id"],
                "seen_by": found["samples"] - found["not_seen"],
                "p50_ms": found["p50_ms"],
                "p95_ms": found["p95_ms"],
                "max_ms": found["max_ms"],
                "polls_after_commit_without_it": missed,
                "last_such_poll_sent_after_ms": round(latest_missed * 1000),
                "page_renders": delta(update["after"], update["before"], "page"),
                "json_renders": delta(update["after"], update["before"], "json"),
                "varnish_backend_req": delta(update["after"], update["before"], "backend_req"),
            }
        )
        bench.log(f"live: update {update['id']}: {per_update[-1]}")
    renders_ok = bool(per_update) and all(
        u["page_renders"] == GOAL_RENDERS and u["json_renders"] == GOAL_RENDERS for u in per_update
    )
    counts = pollers.counts
    return {
        "settings": {
            "pollers": settings.pollers,
            "poll_interval_s": settings.interval_s,
            "updates": settings.updates,
            "seconds_between_updates": settings.gap_s,
            "page_readers": settings.page_readers,
            "page_reader_interval_s": settings.reader_interval_s,
            "schedule": "live.js: one to two intervals at random" if settings.livejs_jitter else "every interval",
        },
        "client": (
            f"bench/parts/live.py: {settings.pollers:,} aiohttp pollers in one process, each GET {report['json']} "
            f"every {'1 to 2 x ' if settings.livejs_jitter else ''}{settings.interval_s:g} s from a random start "
            "(If-None-Match, Accept-Encoding: gzip), and "
            f"{settings.page_readers} page readers each GET the page every {settings.reader_interval_s:g} s, "
            "all through Varnish"
        ),
        "update_to_visible": summary_ms(every, goal_s),
        "per_update": per_update,
        "renders": {
            "goal": f"{GOAL_RENDERS} page render and {GOAL_RENDERS} JSON render per update",
            "verdict": "meets goal" if renders_ok else "misses goal",
            "baseline_without_updates": {
                "seconds": round(baseline_s, 1),
                "page_renders": delta(baseline_to, baseline_from, "page"),
                "json_renders": delta(baseline_to, baseline_from, "json"),
                "varnish_backend_req": delta(baseline_to, baseline_from, "backend_req"),
            },
        },
        "requests": {
            "polls": counts.polls,
            "answered_200": counts.ok,
            "answered_304": counts.not_modified,
            "other_status": counts.other_status,
            "statuses": {str(k): v for k, v in sorted(counts.statuses.items())},
            "errors": counts.errors,
            "reconnected": counts.retried,
            "page_loads": counts.page_loads,
            "page_errors": counts.page_errors,
            "late_polls": counts.late_starts,
        },
    }


def queries_verdict(found: dict[str, Any]) -> dict[str, Any]:
    small, large = found["small"], found["large"]
    same = small["page_queries"] == large["page_queries"] and small["json_queries"] == large["json_queries"]
    return {
        **found,
        "goal": f"with {LARGE_REPORT:,} updates, the queries it took with {SMALL_REPORT}",
        "verdict": "meets goal" if same else "misses goal",
        "how": "Django test client in-process, page cache off, second request counted (bench/live_probe.py)",
    }


def live_probe(bench: Bench, args: list[str], env: dict[str, str]) -> Any:
    """`python -m bench.live_probe ARGS` against the site's database; its last output line, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.live_probe", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.live_probe {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(bench: Bench, kabar: KabarServer, varnish: Varnish) -> dict[str, Any]:
    made: list[int] = []
    results: dict[str, Any] = {}
    try:
        # The serving stack's settings: publishing the reports purges as the admin's publish does.
        prepared = live_probe(bench, ["prepare", str(SMALL_REPORT), str(LARGE_REPORT)], kabar.env)
        report, queries = prepared["polled"], queries_verdict(prepared["queries"])
        made.append(report["id"])
        results["report"] = report
        results["queries"] = queries
        bench.log(
            f"live: queries, {SMALL_REPORT} updates: page {queries['small']['page_queries']}, JSON "
            f"{queries['small']['json_queries']}; {LARGE_REPORT}: page {queries['large']['page_queries']}, JSON "
            f"{queries['large']['json_queries']}"
        )
        results.update(measure_polling(bench, kabar, varnish, report))
    finally:
        # The reports go, so the parts after this one (and a --data-dir) find the site as it was.
        if made:
            live_probe(bench, ["remove", *map(str, made)], kabar.env)
    return results


def joined(found: dict[str, Any], key: str) -> str:
    return ", ".join(str(u[key]) for u in found["per_update"])


def markdown(found: dict[str, Any]) -> list[str]:
    """The part's block in the run's Markdown (bench/report.py)."""
    s = found.get("settings", {})
    lines = [
        f"**11. Live report** ({found['report'].get('updates', 0):,} updates; {s.get('pollers', 0):,} pollers of "
        f"`{found['report']['json']}` through Varnish, "
        f"every {s.get('poll_interval_s')} s; {s.get('updates')} updates posted through the live desk's service, "
        f"{s.get('seconds_between_updates')} s apart; {s.get('page_readers')} page readers, one load a second each)",
        "",
        "| measure | value | goal | verdict |",
        "| --- | --- | --- | --- |",
    ]
    if "update_to_visible" in found:
        v = found["update_to_visible"]
        base = found["renders"]["baseline_without_updates"]
        r = found["requests"]
        lines += [
            f"| update to visible, p50 / p95 / max ({v['samples']:,} pollers x updates, {v['not_seen']} never seen) "
            f"| {v['p50_ms']:,} / {v['p95_ms']:,} / {v['max_ms']:,} ms | {v['goal']} | {v['verdict']} |",
            f"| polls sent after the commit still without the update (each update); the last sent after ms | "
            f"{joined(found, 'polls_after_commit_without_it')}; {joined(found, 'last_such_poll_sent_after_ms')} | | |",
            f"| page renders per update (each) | {joined(found, 'page_renders')} | {GOAL_RENDERS} | "
            f"{found['renders']['verdict']} |",
            f"| poll JSON renders per update (each) | {joined(found, 'json_renders')} | {GOAL_RENDERS} | "
            f"{found['renders']['verdict']} |",
            f"| Varnish backend requests per update (each) | {joined(found, 'varnish_backend_req')} | | |",
            f"| with no update, {base['seconds']} s: page / JSON renders, backend requests | "
            f"{base['page_renders']} / {base['json_renders']}, {base['varnish_backend_req']} | | |",
            f"| polls answered 200 / 304 / other / failed; page loads | {r['answered_200']:,} / "
            f"{r['answered_304']:,} / {r['other_status']} / {r['errors']}; {r['page_loads']:,} | | |",
        ]
    q = found.get("queries")
    if q:
        lines += [
            f"| queries, page of a report with {q['small']['updates']} / {q['large']['updates']:,} updates | "
            f"{q['small']['page_queries']} / {q['large']['page_queries']} | the same | {q['verdict']} |",
            f"| queries, its poll JSON, {q['small']['updates']} / {q['large']['updates']:,} updates | "
            f"{q['small']['json_queries']} / {q['large']['json_queries']} | the same | {q['verdict']} |",
        ]
    lines += ["", f"Pollers: {found.get('client', '-')}. Queries: {q['how'] if q else '-'}.", ""]
    return lines
