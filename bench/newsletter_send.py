"""Newsletter send benchmark: one edition to 100,000 subscribers through an SMTP server on loopback, sent
by one real `kabar worker`; then the same with the worker killed (SIGKILL) halfway and a new one started.

    .venv/bin/python bench/newsletter_send.py                          # 100,000 subscribers, SQLite in a temp dir
    .venv/bin/python bench/newsletter_send.py --subscribers 2000       # a quick run (what --smoke does)
    .venv/bin/python bench/newsletter_send.py --database-url postgres://postgres@127.0.0.1:5432/kabar_bench_mail

Three processes, as in production: this one seeds the database (a fresh SQLite file, or the empty
PostgreSQL database given, migrated) and watches; the SMTP server (aiosmtpd on its own asyncio loop, in a
process of its own as a mail relay would be) accepts every message and counts what each recipient got;
the sender is `kabar worker` exactly as `make serve` runs it (tasks and clock), with Django's SMTP backend
pointed at the server. Everything stays on 127.0.0.1.

1. Throughput: the edition is queued (`services.send_edition_now`, as the admin's "Send now") and one
   worker sends it. Reported: messages per second at the server (first to last message) and from the
   queueing to the edition's "sent" (fan-out and freezing included); the worker's peak RSS (VmRSS of
   its process tree, sampled every 0.5 s). Goals (issue 17): >= 500 messages/s, <= 200 s, <= 200 MB.
2. A worker killed mid-send: a second edition to the same list; its worker is killed with SIGKILL once
   the server has `--kill-at` (0.5) of the recipients, and a new worker starts at once. The clock takes
   the send up again once its heartbeat is older than services.STALLED_AFTER and the dead worker's lease
   has lapsed (KABAR_NEWSLETTER_LEASE_SECONDS). Counted at the server: duplicates and missed (goal 0 / 0),
   and the seconds from the restart to the last message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "pembaca.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# --- the SMTP server (runs as `newsletter_send.py --serve SMTP_PORT STATS_PORT`) -------------------


class Counting:
    """aiosmtpd handler: accepts every message and counts, per recipient, how many it got."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.counts: Counter[str] = Counter()
        self.messages = 0
        self.bytes = 0
        self.first = self.last = 0.0
        self.last_wall = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.last_wall = time.time()
        self.messages += 1
        self.bytes += len(envelope.original_content or envelope.content or b"")
        for address in envelope.rcpt_tos:
            self.counts[address.lower()] += 1
        return "250 2.0.0 Ok: queued"

    def as_dict(self) -> dict[str, Any]:
        received = sum(self.counts.values())
        return {
            "messages": self.messages,
            "received": received,
            "distinct": len(self.counts),
            "duplicates": received - len(self.counts),
            "bytes": self.bytes,
            "first_to_last_s": round(self.last - self.first, 3),
            "last_wall": self.last_wall,
        }


def serve(smtp_port: int, stats_port: int) -> None:
    from aiosmtpd.smtp import SMTP

    handler = Counting()

    class Stats(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport
            self.buffer = b""

        def data_received(self, data: bytes) -> None:
            self.buffer += data
            if b"\r\n\r\n" not in self.buffer:
                return
            path = self.buffer.split(b" ", 2)[1].decode()
            if path == "/reset":
                handler.reset()
            answer = json.dumps(handler.as_dict()).encode()
            if path == "/recipients":
                answer = json.dumps(dict(handler.counts)).encode()
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(answer)).encode()
                + b"\r\n\r\n"
                + answer
            )
            self.transport.close()

    async def run() -> None:
        loop = asyncio.get_running_loop()
        smtp = await loop.create_server(
            lambda: SMTP(handler, hostname="relay.bench", data_size_limit=2**22), "127.0.0.1", smtp_port, backlog=256
        )
        stats = await loop.create_server(Stats, "127.0.0.1", stats_port)
        async with smtp, stats:
            await asyncio.gather(smtp.serve_forever(), stats.serve_forever())

    asyncio.run(run())


def server_stats(port: int, path: str = "/stats") -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        found: dict[str, Any] = json.loads(response.read())
        return found


# --- the orchestra ---------------------------------------------------------------------------------


def seed(subscribers: int) -> tuple[int, list[str]]:
    """A list with `subscribers` confirmed addresses and three published articles; returns the list's id."""
    from kabar.articles import services as article_services
    from kabar.articles.models import ArticlePage, HomePage, SectionPage
    from kabar.newsletters.models import NewsletterList, Subscription

    home = HomePage.objects.get()
    section = SectionPage(title="Nasional", slug="nasional")
    home.add_child(instance=section)
    section.save_revision().publish()
    for title in (
        "Gempa magnitudo 6,1 guncang Maluku, BMKG: tidak berpotensi tsunami",
        "DPR sahkan RUU Perlindungan Data Pribadi menjadi undang-undang",
        "Harga beras medium turun di 12 provinsi menjelang panen raya",
    ):
        article = ArticlePage(title=title, summary=f"Ringkasan: {title}.")
        article_services.file_article(section, article)
        article_services.publish_article(article)
    newsletter = NewsletterList.objects.create(
        slug="kabar-pagi", name="Kabar Pagi", kind=NewsletterList.Kind.SECTION, sender_name="Kabar Pagi",
        sender_email="pagi@kabar.example",
    )  # fmt: skip
    batch: list[Subscription] = []
    addresses = []
    for n in range(subscribers):
        email = f"pembaca{n:06d}@{DOMAIN}"
        addresses.append(email)
        batch.append(Subscription(newsletter=newsletter, email=email, status=Subscription.Status.ACTIVE))
        if len(batch) == 5000 or n == subscribers - 1:
            Subscription.objects.bulk_create(batch)
            batch = []
    return newsletter.pk, addresses


def queue_edition(newsletter_id: int, subject: str) -> int:
    """An edition as an editor composes it (intro, three picked articles, a text, a sponsor), sent now."""
    from kabar.articles.models import ArticlePage
    from kabar.newsletters import services
    from kabar.newsletters.models import Edition

    picked = list(ArticlePage.objects.live().order_by("pk"))
    edition = Edition.objects.create(
        newsletter_id=newsletter_id,
        subject=subject,
        preheader="Tiga berita pilihan pagi ini",
        intro="<p>Selamat pagi. Ini yang perlu Anda ketahui hari ini.</p>",
        body=[
            ("articles", {"heading": "Pilihan Editor", "articles": picked}),
            ("text", "<p>Terima kasih telah membaca Kabar Pagi.</p>"),
            ("sponsor", {"sponsor": "Bank Contoh", "text": "Tabungan tanpa biaya admin.", "link": "https://contoh.example/"}),
        ],
    )  # fmt: skip
    services.send_edition_now(edition)
    return edition.pk


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kabar", "worker", "--interval", "0.2"], env=env, cwd=ROOT, stdout=out, stderr=out
        )


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process and its descendants (MB)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        pending += [int(child) for child in children]
    return total


class PeakRSS:
    """Samples a process tree's RSS every 0.5 s in a thread; keeps the peak."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.peak = 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        while not self.stopped.is_set() and self.process.poll() is None:
            self.peak = max(self.peak, tree_rss_mb(self.process.pid))
            self.stopped.wait(0.5)

    def stop(self) -> float:
        self.stopped.set()
        self.thread.join()
        return round(self.peak, 1)


def wait_until(condition: Callable[[], bool], timeout: float, what: str, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def edition_status(edition_id: int) -> str:
    from django.db import connection

    from kabar.newsletters.models import Edition

    status = Edition.objects.filter(pk=edition_id).values_list("status", flat=True).first() or ""
    connection.close()  # a fresh look each time, and no SQLite read lock held against the worker
    return status


def throughput(newsletter_id: int, subscribers: int, stats_port: int, env: dict[str, str], log: Path) -> dict:
    edition_id = queue_edition(newsletter_id, "Kabar Pagi: pengukuran")
    queued = time.monotonic()
    worker = start_worker(env, log)
    rss = PeakRSS(worker)
    try:
        # Watched at the server; the database only once every message is there (and then once a second):
        # a reader polling SQLite would slow the worker's writes.
        wait_until(lambda: server_stats(stats_port)["distinct"] >= subscribers, 3600, "every message", every=0.5)
        wait_until(lambda: edition_status(edition_id) == "sent", 600, "the edition to be sent", every=1.0)
        done = time.monotonic()
    finally:
        peak = rss.stop()
        stop(worker)
    found = server_stats(stats_port)
    first_to_last = found["first_to_last_s"]
    return {
        "edition": edition_id,
        "subscribers": subscribers,
        "received": found["received"],
        "distinct": found["distinct"],
        "duplicates": found["duplicates"],
        "missed": subscribers - found["distinct"],
        "mail_kb": round(found["bytes"] / max(1, found["messages"]) / 1024, 1),
        "queued_to_sent_s": round(done - queued, 1),
        "first_to_last_message_s": first_to_last,
        "messages_per_s": round(found["received"] / first_to_last) if first_to_last else 0,
        "messages_per_s_queued_to_sent": round(found["received"] / (done - queued)),
        "worker_peak_rss_mb": peak,
    }


def kill_midway(
    newsletter_id: int, subscribers: int, kill_at: float, stats_port: int, env: dict[str, str], log: Path
) -> dict:
    from kabar.newsletters import sending, services
    from kabar.newsletters.models import EditionDelivery

    server_stats(stats_port, "/reset")
    edition_id = queue_edition(newsletter_id, "Kabar Pagi: pekerja dimatikan")
    started = time.time()
    doomed = start_worker(env, log)
    second = None
    try:
        wait_until(
            lambda: server_stats(stats_port)["distinct"] >= subscribers * kill_at, 3600, "the first worker", every=0.02
        )
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        killed = time.time()
        at_kill = server_stats(stats_port)
        in_doubt = EditionDelivery.objects.filter(edition_id=edition_id, status="sending").count()
        second = start_worker(env, log)
        restarted = time.time()
        wait_until(lambda: server_stats(stats_port)["distinct"] >= subscribers, 3600, "every message", every=0.5)
        wait_until(lambda: edition_status(edition_id) == "sent", 600, "the send to finish after the restart", every=1.0)
        final = server_stats(stats_port)
    finally:
        stop(doomed)
        stop(second)
    counts = server_stats(stats_port, "/recipients")
    expected = {f"pembaca{n:06d}@{DOMAIN}" for n in range(subscribers)}
    missed = len(expected - set(counts))
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    return {
        "edition": edition_id,
        "subscribers": subscribers,
        "kill_at": kill_at,
        "lease_s": sending.lease().total_seconds(),
        "stalled_after_s": services.STALLED_AFTER.total_seconds(),
        "batch_size": sending.batch_size(),
        "reached_before_kill": at_kill["distinct"],
        "first_worker_s": round(killed - started, 1),
        "in_doubt_at_kill": in_doubt,
        "received": final["received"],
        "distinct": final["distinct"],
        "duplicates": duplicates,
        "missed": missed,
        "strangers": len(set(counts) - expected),
        "restart_to_last_message_s": round(final["last_wall"] - restarted, 1),
        "restart_to_sent_s": round(time.time() - restarted, 1),
    }


def verdicts(results: dict[str, Any]) -> None:
    run = results["throughput"]
    kill = results["kill"]
    full = run["subscribers"] >= 100_000
    run["goal"] = ">= 500 messages/s, <= 200 s, worker <= 200 MB (for 100,000)"
    met = run["messages_per_s"] >= 500 and run["queued_to_sent_s"] <= 200 and run["worker_peak_rss_mb"] <= 200
    run["verdict"] = ("meets goal" if met else "misses goal") if full else "not judged (the goal is for 100,000)"
    kill["goal"] = "0 duplicates, 0 missed"
    kill["verdict"] = "meets goal" if kill["duplicates"] == 0 and kill["missed"] == 0 else "misses goal"


def markdown(results: dict[str, Any]) -> str:
    run, kill = results["throughput"], results["kill"]
    return "\n".join(
        [
            "| database | subscribers | first to last message | queued to sent | messages/s (server; queued to sent) "
            "| mail size | worker peak RSS | duplicates / missed | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {results['database']} | {run['subscribers']:,} | {run['first_to_last_message_s']} s "
            f"| {run['queued_to_sent_s']} s | {run['messages_per_s']:,}; {run['messages_per_s_queued_to_sent']:,} "
            f"| {run['mail_kb']} KB | {run['worker_peak_rss_mb']} MB | {run['duplicates']} / {run['missed']} "
            f"| {run['goal']} | {run['verdict']} |",
            "",
            "| worker killed at | reached before the kill | in doubt at the kill | duplicates | missed "
            "| restart to last message | lease, stalled after | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {kill['kill_at']:.0%} of {kill['subscribers']:,} | {kill['reached_before_kill']:,} "
            f"| {kill['in_doubt_at_kill']} | {kill['duplicates']} | {kill['missed']} "
            f"| {kill['restart_to_last_message_s']} s | {kill['lease_s']:.0f} s, {kill['stalled_after_s']:.0f} s "
            f"| {kill['goal']} | {kill['verdict']} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="2,000 subscribers")
    parser.add_argument("--kill-at", type=float, default=0.5, help="SIGKILL the worker at this share (0.5)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--output", type=Path, default=None, help="also write the results (JSON) here")
    parser.add_argument("--serve", nargs=2, type=int, metavar=("SMTP_PORT", "STATS_PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return 0
    subscribers = 2_000 if args.smoke else args.subscribers
    sys.path.insert(0, str(ROOT))
    data_dir = Path(tempfile.mkdtemp(prefix="kabar-mail-bench-"))
    smtp_port, stats_port = free_port(), free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KABAR_", "DJANGO_", "PYTEST_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        KABAR_DATA_DIR=str(data_dir),
        KABAR_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="kabar.settings",
        PYTHONPATH=str(ROOT),
        KABAR_EMAIL_BACKEND="smtp",
        KABAR_EMAIL_HOST="127.0.0.1",
        KABAR_EMAIL_PORT=str(smtp_port),
        KABAR_EMAIL_USE_TLS="0",
        KABAR_BASE_URL="https://kabar.example",
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    results: dict[str, Any] = {"database": connection.vendor, "subscribers": subscribers, "cpus": os.cpu_count()}
    server = None
    log = data_dir / "workers.log"
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        results["migrate_s"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        newsletter_id, _ = seed(subscribers)
        results["seed_s"] = round(time.monotonic() - started, 1)
        connection.close()
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(smtp_port), str(stats_port)], env=env)
        wait_until(lambda: _answers(stats_port), 30, "the SMTP server")
        results["load_average_start"] = os.getloadavg()[0]
        results["throughput"] = throughput(newsletter_id, subscribers, stats_port, env, log)
        results["kill"] = kill_midway(newsletter_id, subscribers, args.kill_at, stats_port, env, log)
        results["load_average_end"] = os.getloadavg()[0]
    except BaseException:
        if log.exists():
            print(log.read_text()[-5000:], file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    verdicts(results)
    text = json.dumps(results, indent=2)
    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"newsletter-send-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text)
    if args.output is not None:
        args.output.write_text(text)
    print(text)
    print(f"\nKabar newsletter send ({results['database']}, {os.cpu_count()} CPUs, {subscribers:,} subscribers)")
    print(markdown(results))
    return 0


def _answers(port: int) -> bool:
    try:
        server_stats(port)
    except OSError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
