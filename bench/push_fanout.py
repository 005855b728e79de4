"""Web Push fan-out benchmark: one alert to 100,000 browser subscriptions, sent to a push service
stand-in on loopback, measured in deliveries per second and the sender's peak memory.

    .venv/bin/python bench/push_fanout.py                               # 100,000 on SQLite in a temp dir
    .venv/bin/python bench/push_fanout.py --subscriptions 5000          # a quick run
    .venv/bin/python bench/push_fanout.py --database-url postgres://postgres@127.0.0.1:5432/kabar_bench_push
    .venv/bin/python bench/push_fanout.py --subscriptions 10000 --kill-at 0.5  # a worker killed mid-alert

Three processes, as in production: this one seeds the database (a fresh SQLite file, or the empty
PostgreSQL database given, migrated and then left as it is); the push service stand-in (a small
asyncio HTTP/1.1 server, on its own core as a real push service would be elsewhere) answers 201 and
checks a sample of the messages in full (VAPID signature and claims, then decryption with the
subscriber's private key); and the sender, `kabar.alerts.services.send_alert` in a process of its
own exactly as the worker or `kabar alerts send` runs it, whose time and peak RSS are reported.
Everything stays on 127.0.0.1.

With --kill-at, the alert goes through the queue to a real `kabar worker` (tasks and clock, as in
production), which is killed with SIGKILL once that share of the browsers has been reached; a new
worker is started at once. Reported: the browsers that got the alert twice (goal: at most 1 %),
the seconds from the restart to the last browser reached (goal: at most 60), the deliveries the
dead worker had marked sending (in doubt), and the alert's attempts and retries as the admin shows them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_EVERY = 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


# --- the push service stand-in (runs as `push_fanout.py --serve PORT KEYS_FILE`) ----------------


class Stats:
    def __init__(self, samples: dict[str, tuple[str, str]], origin: str) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec

        self.samples = {
            token: (ec.derive_private_key(int.from_bytes(unb64(private), "big"), ec.SECP256R1()), unb64(auth))
            for token, (private, auth) in samples.items()
        }
        self.origin = origin
        self.received = 0
        self.seen: set[str] = set()
        self.duplicates = 0
        self.checked = 0
        self.problems: list[str] = []
        self.first = self.last = 0.0
        self.last_wall = 0.0

    def check(self, token: str, headers: dict[str, str], body: bytes) -> None:
        """The full check on a sample: VAPID (RFC 8292) and decryption (RFC 8291) with the browser's key."""
        import http_ece
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

        scheme, _, rest = headers.get("authorization", "").partition(" ")
        fields = dict(part.strip().split("=", 1) for part in rest.split(","))
        head, claims, signature = fields["t"].split(".")
        raw = unb64(signature)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(fields["k"]))
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        payload = json.loads(unb64(claims))
        assert scheme == "vapid" and payload["aud"] == self.origin and payload["exp"] <= time.time() + 86400
        assert headers.get("content-encoding") == "aes128gcm" and headers.get("ttl", "").isdigit()
        private_key, auth = self.samples[token]
        message = json.loads(http_ece.decrypt(body, private_key=private_key, auth_secret=auth, version="aes128gcm"))
        assert message["title"] and message["url"]
        self.checked += 1

    def handle(self, token: str, headers: dict[str, str], body: bytes) -> None:
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.last_wall = time.time()
        self.received += 1
        if token in self.seen:
            self.duplicates += 1
        self.seen.add(token)
        if token in self.samples:
            try:
                self.check(token, headers, body)
            except Exception as error:
                self.problems.append(f"{token}: {error!r}")

    def as_dict(self) -> dict[str, object]:
        return {
            "received": self.received,
            "distinct": len(self.seen),
            "duplicates": self.duplicates,
            "checked": self.checked,
            "problems": self.problems[:10],
            "first_to_last_s": round(self.last - self.first, 3),
            "last_wall": self.last_wall,
            "cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 2),
        }


class PushServiceProtocol(asyncio.Protocol):
    """Just enough HTTP/1.1 with keep-alive: requests with a Content-Length, answered in order."""

    stats: Stats

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            method, path = lines[0].split(" ")[:2]
            if method == "GET" and path == "/stats":
                answer = json.dumps(self.stats.as_dict()).encode()
                self.transport.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + str(len(answer)).encode()
                    + b"\r\n\r\n"
                    + answer
                )
                continue
            self.stats.handle(path.rsplit("/", 1)[-1], headers, body)
            self.transport.write(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")


def serve(port: int, keys_file: str) -> None:
    PushServiceProtocol.stats = Stats(json.loads(Path(keys_file).read_text()), f"http://127.0.0.1:{port}")

    async def run() -> None:
        server = await asyncio.get_running_loop().create_server(PushServiceProtocol, "127.0.0.1", port, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


# --- the sender (runs as `push_fanout.py --send ALERT_ID` with Django set up) -------------------


def send(alert_id: int) -> None:
    import django

    django.setup()
    from kabar.alerts import services
    from kabar.alerts.models import Alert

    alert = Alert.objects.get(pk=alert_id)
    started = time.monotonic()
    services.fan_out(alert)
    fanned_out = time.monotonic() - started
    report = services.send_alert(alert_id)
    total = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_kb = usage.ru_maxrss
    print(
        json.dumps(
            {
                "fan_out_s": round(fanned_out, 2),
                "send_s": round(total - fanned_out, 2),
                "total_s": round(total, 2),
                "sent": report.sent,
                "failed": report.failed,
                "pending": report.pending,
                "peak_rss_mb": round(peak_kb / 1024, 1),
                # CPU the sender itself used: on a shared machine, what the rate would be on a core of its own.
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                "load_average": os.getloadavg()[0],
            }
        )
    )


# --- the orchestra ---------------------------------------------------------------------------


def seed(subscriptions: int, port: int, keys_file: Path) -> int:
    """A published article and `subscriptions` browsers following breaking news; returns the alert's id."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from kabar.alerts import services
    from kabar.alerts.models import PushSubscription, SubscriptionTopic
    from kabar.articles import services as article_services
    from kabar.articles.models import ArticlePage, HomePage, SectionPage

    home = HomePage.objects.get()
    section = SectionPage(title="Nasional", slug="nasional")
    home.add_child(instance=section)
    section.save_revision().publish()
    article = ArticlePage(title="Gempa magnitudo 6,1 guncang Maluku", summary="BMKG: tidak berpotensi tsunami.")
    article_services.file_article(section, article)
    article_services.publish_article(article)

    samples: dict[str, tuple[str, str]] = {}
    batch: list[PushSubscription] = []
    for n in range(subscriptions):
        key = ec.generate_private_key(ec.SECP256R1())
        public = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        auth = os.urandom(16)
        token = f"{n:07d}{b64(os.urandom(9))}"
        endpoint = f"http://127.0.0.1:{port}/wpush/{token}"
        if n % SAMPLE_EVERY == 0:
            samples[token] = (b64(key.private_numbers().private_value.to_bytes(32, "big")), b64(auth))
        batch.append(
            PushSubscription(
                endpoint=endpoint, endpoint_hash=hashlib.sha256(endpoint.encode()).hexdigest(), p256dh=b64(public),
                auth=b64(auth),
            )
        )  # fmt: skip
        if len(batch) == 5000 or n == subscriptions - 1:
            made = PushSubscription.objects.bulk_create(batch)
            SubscriptionTopic.objects.bulk_create([SubscriptionTopic(subscription=s, topic="breaking") for s in made])
            batch = []
    keys_file.write_text(json.dumps(samples))
    alert, _ = services.compose_alert(
        article,
        title=article.title,
        text=article.summary,
        topics=["breaking"],
        is_breaking=True,
        banner_hours=0,
        idempotency_key="bench",
        enqueue=False,
    )
    return alert.pk


def stats(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=5) as response:
        return json.loads(response.read())


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kabar", "worker", "--interval", "0.2"], env=env, cwd=ROOT, stdout=out, stderr=out
        )


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def kill_midway(
    alert_id: int, subscriptions: int, kill_at: float, port: int, env: dict[str, str], data_dir: Path
) -> dict[str, Any]:
    """The alert through the queue to `kabar worker`, SIGKILLed at `kill_at` of the browsers, then a new worker."""
    from django.db import connection

    from kabar.alerts import services
    from kabar.alerts.models import Alert, Delivery, DeliveryStatus
    from kabar.alerts.tasks import deliver_alert

    deliver_alert.enqueue(alert_id)
    connection.close()
    log = data_dir / "workers.log"
    started = time.time()
    doomed = start_worker(env, log)
    second = None
    try:
        wait_until(lambda: stats(port)["distinct"] >= subscriptions * kill_at, 600, "the first worker")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        killed = time.time()
        at_kill = stats(port)
        in_doubt = Delivery.objects.filter(alert_id=alert_id, status=DeliveryStatus.SENDING).count()
        connection.close()
        second = start_worker(env, log)
        restarted = time.time()
        wait_until(lambda: stats(port)["distinct"] >= subscriptions, 600, "every browser after the restart")
        wait_until(
            lambda: Alert.objects.filter(pk=alert_id, status=Alert.Status.DONE).exists(), 120, "the alert to be done"
        )
        final = stats(port)
        alert = Alert.objects.get(pk=alert_id)
    finally:
        for worker in (doomed, second):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        connection.close()
    duplicates = final["received"] - final["distinct"]
    restart_to_last = final["last_wall"] - restarted
    return {
        "subscriptions": subscriptions,
        "kill_at": kill_at,
        "lease_s": services.lease_seconds(),
        "batch_size": services.batch_size(),
        "reached_before_kill": at_kill["distinct"],
        "first_worker_s": round(killed - started, 2),
        "in_doubt_at_kill": in_doubt,
        "received": final["received"],
        "distinct": final["distinct"],
        "duplicates": duplicates,
        "duplicates_pct": round(100 * duplicates / subscriptions, 2),
        "restart_to_last_delivery_s": round(restart_to_last, 2),
        "kill_to_last_delivery_s": round(final["last_wall"] - killed, 2),
        "alert": {"status": alert.status, "sent": alert.sent, "attempts": alert.attempts, "retries": alert.retries},
        "problems": final["problems"],
        "goal": "of 10,000 browsers: duplicates <= 1 %, every one within 60 s of the restart",
        # At most one batch goes twice whatever the alert's size: 1 % is the goal's share of 10,000.
        "verdict": (
            "not judged (the goal is set for 10,000 browsers)"
            if subscriptions < 10_000
            else "pass"
            if duplicates <= subscriptions / 100 and restart_to_last <= 60
            else "FAIL"
        ),
    }


def report_kill(results: dict[str, Any], output: Path | None) -> int:
    kill = results["kill"]
    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2)
    (out_dir / f"push-kill-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text)
    if output is not None:
        output.write_text(text)
    print(text)
    print(f"\nKabar alert, worker killed at {kill['kill_at']:.0%} ({results['database']}, {os.cpu_count()} CPUs)")
    print(markdown_kill(results["database"], kill))
    ok = kill["distinct"] == kill["subscriptions"] and not kill["problems"]
    return 0 if ok else 1


def markdown_kill(database: str, kill: dict[str, Any]) -> str:
    return "\n".join(
        [
            "| database | browsers | reached before the kill | in doubt at the kill | duplicates | restart to last "
            "delivery | attempts (retries) | goal | verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {database} | {kill['subscriptions']:,} | {kill['reached_before_kill']:,} | {kill['in_doubt_at_kill']} "
            f"| {kill['duplicates']} ({kill['duplicates_pct']} %) | {kill['restart_to_last_delivery_s']} s "
            f"| {kill['alert']['attempts']:,} ({kill['alert']['retries']}) | {kill['goal']} | {kill['verdict']} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=None, help="KABAR_PUSH_CONCURRENCY for the sender")
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--kill-at", type=float, default=None, help="SIGKILL the worker once this share of browsers is reached (0.5)"
    )
    parser.add_argument("--output", type=Path, default=None, help="also write the results (JSON) here")
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "KEYS_FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--send", type=int, metavar="ALERT_ID", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1])
        return 0
    sys.path.insert(0, str(ROOT))
    if args.send:
        send(args.send)
        return 0

    data_dir = Path(tempfile.mkdtemp(prefix="kabar-push-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "KABAR_DATA_DIR": str(data_dir),
        "KABAR_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "kabar.settings",
        "KABAR_PUSH_ENDPOINT_ALLOW": f"http://127.0.0.1:{port}/wpush/",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("KABAR_TESTING", None)
    if args.concurrency:
        env["KABAR_PUSH_CONCURRENCY"] = str(args.concurrency)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    results: dict[str, object] = {"database": connection.vendor, "subscriptions": args.subscriptions}
    service = None
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        results["migrate_s"] = round(time.monotonic() - started, 1)
        keys_file = data_dir / "sample-keys.json"
        started = time.monotonic()
        alert_id = seed(args.subscriptions, port, keys_file)
        results["seed_s"] = round(time.monotonic() - started, 1)
        connection.close()

        service = subprocess.Popen([sys.executable, __file__, "--serve", str(port), str(keys_file)], env=env)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        if args.kill_at is not None:
            results["kill"] = kill_midway(alert_id, args.subscriptions, args.kill_at, port, env, data_dir)
            return report_kill(results, args.output)
        sender = subprocess.run(
            [sys.executable, __file__, "--send", str(alert_id)], env=env, capture_output=True, text=True, check=True
        )
        results["sender"] = json.loads(sender.stdout.strip().splitlines()[-1])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=5) as response:
            results["push_service"] = json.loads(response.read())
    finally:
        if service is not None:
            service.terminate()
            service.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)

    sender_stats, pushed = results["sender"], results["push_service"]
    rate = sender_stats["sent"] / sender_stats["send_s"] if sender_stats["send_s"] else 0
    overall = sender_stats["sent"] / sender_stats["total_s"] if sender_stats["total_s"] else 0
    results["deliveries_per_s"] = round(rate)
    cpu = sender_stats["cpu_s"]
    results["deliveries_per_cpu_s"] = round(sender_stats["sent"] / cpu) if cpu else 0
    results["deliveries_per_s_with_fan_out"] = round(overall)
    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"push-fanout-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"\nKabar push fan-out ({results['database']}, {os.cpu_count()} CPUs, {args.subscriptions} subscriptions)")
    print(
        "| database | subscriptions | fan-out rows | send | deliveries/s | with fan-out | per sender CPU-s "
        "| peak RSS | load avg | checked |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {results['database']} | {args.subscriptions:,} | {sender_stats['fan_out_s']} s "
        f"| {sender_stats['send_s']} s | {rate:,.0f} | {overall:,.0f} | {results['deliveries_per_cpu_s']:,} "
        f"| {sender_stats['peak_rss_mb']} MB | {sender_stats['load_average']:.1f} "
        f"| {pushed['checked']} sampled, {len(pushed['problems'])} problems, {pushed['duplicates']} duplicates |"
    )
    ok = sender_stats["sent"] == args.subscriptions == pushed["distinct"] and not pushed["problems"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
