"""Wire desk benchmark: 10,000 generated items from a drop folder, and a poll cycle over 50 loopback feeds.

    .venv/bin/python bench/wire_ingest.py                 # fresh SQLite database in a temporary folder
    .venv/bin/python bench/wire_ingest.py --database-url postgres://postgres@127.0.0.1:5432/kabar_bench_wire

A PostgreSQL database given with --database-url should be empty: it is migrated, used and left as it is.
Everything runs in this process against loopback servers; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["Jakarta", "Surabaya", "Medan", "Makassar", "Denpasar", "Bandung", "Semarang", "Pontianak", "Jayapura"]
TOPICS = ["harga beras", "banjir rob", "pemilu daerah", "jalan tol", "ekspor kopi", "gempa bumi", "kereta cepat"]
SENTENCE = (
    "Pemerintah daerah {place} menyatakan {topic} menjadi perhatian utama pekan ini, "
    "kata seorang pejabat kepada wartawan pada hari {n}."
)


def story(n: int) -> tuple[str, str, str]:
    place, topic = PLACES[n % len(PLACES)], TOPICS[n % len(TOPICS)]
    headline = f"{place}: perkembangan terbaru soal {topic} (laporan {n})"
    paragraphs = [SENTENCE.format(place=place, topic=topic, n=n + k) for k in range(6)]
    return place, headline, "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def ninjs_file(start: int, count: int) -> bytes:
    items = []
    for n in range(start, start + count):
        place, headline, body = story(n)
        items.append(
            {
                "uri": f"urn:bench:ninjs:{n}",
                "version": "1",
                "versioncreated": "2025-03-14T03:00:00Z",
                "urgency": n % 9 + 1,
                "language": "id",
                "headlines": [{"role": "main", "value": headline}],
                "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
                "by": "Redaksi Bench",
                "located": place,
                "subjects": [{"name": TOPICS[n % len(TOPICS)]}],
            }
        )
    return json.dumps(items).encode()


def g2_file(start: int, count: int) -> bytes:
    items = []
    for n in range(start, start + count):
        place, headline, body = story(n)
        items.append(
            f'<newsItem guid="urn:bench:g2:{n}" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="id">'
            f'<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"/>'
            f'<versionCreated>2025-03-14T03:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>'
            f"<contentMeta><urgency>{n % 9 + 1}</urgency><located><name>{place}</name></located>"
            f"<headline>{escape(headline)}</headline><by>Redaksi Bench</by></contentMeta>"
            f'<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<body>{body}</body></html></inlineXML></contentSet></newsItem>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">'
        "<header><sent>2025-03-14T03:00:00Z</sent></header><itemSet>" + "".join(items) + "</itemSet></newsMessage>"
    ).encode()


def rss_feed(feed: int, count: int) -> bytes:
    entries = []
    stamp = format_datetime(dt.datetime(2025, 3, 14, 3, 0, tzinfo=dt.UTC))
    for k in range(count):
        n = feed * 1000 + k
        _place, headline, body = story(n)
        entries.append(
            f'<item><guid isPermaLink="false">urn:bench:rss:{n}</guid><title>{escape(headline)}</title>'
            f"<link>https://bench.example/{n}</link><pubDate>{stamp}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
        "<link>https://bench.example/</link><description>bench</description><language>id</language>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def serve_feeds(feeds: int, per_feed: int) -> ThreadingHTTPServer:
    """Feeds 0..n/2-1 answer conditional requests with 304; the rest always send the whole feed."""
    bodies = {f"/feed/{i}.xml": rss_feed(i, per_feed) for i in range(feeds)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            etag = f'"{self.path}"' if int(self.path.split("/")[-1].split(".")[0]) < feeds // 2 else ""
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the drop folder")
    parser.add_argument("--per-file", type=int, default=100, help="items per file")
    parser.add_argument("--feeds", type=int, default=50, help="loopback feeds in the poll cycle")
    parser.add_argument("--per-feed", type=int, default=20, help="items per loopback feed")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="kabar-wire-bench-"))
    os.environ.update(
        {"KABAR_DATA_DIR": str(data_dir), "KABAR_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "kabar.settings"}
    )
    os.environ.pop("KABAR_TESTING", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kabar.sources.models import Source
    from kabar.wire import services
    from kabar.wire.models import WireFeed, WireItem

    results: dict[str, object] = {"database": connection.vendor, "items": args.items, "feeds": args.feeds}
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        results["migrate_s"] = round(time.monotonic() - started, 1)
        agency = Source.objects.get_or_create(name="Kantor Berita Bench", defaults={"slug": "kantor-berita-bench"})[0]

        # 1. A drop folder of generated ninjs and NewsML-G2 files.
        folder = data_dir / "drop"
        folder.mkdir()
        for n, start in enumerate(range(0, args.items, args.per_file)):
            count = min(args.per_file, args.items - start)
            name, data = (
                (f"b{n:05}.json", ninjs_file(start, count)) if n % 2 else (f"b{n:05}.xml", g2_file(start, count))
            )
            (folder / name).write_bytes(data)
        drop = WireFeed.objects.create(name="Bench folder", agency=agency, kind="drop_folder", folder_path=str(folder))
        started = time.monotonic()
        first = services.poll_feed(drop)
        elapsed = time.monotonic() - started
        assert WireItem.objects.filter(feed=drop).count() == args.items, first.message
        results["drop_folder"] = {
            "message": first.message,
            "seconds": round(elapsed, 1),
            "items_per_s": round(args.items / elapsed),
        }
        for path in (folder / "processed").iterdir():  # the same files again: every item unchanged
            shutil.move(str(path), str(folder / path.name))
        started = time.monotonic()
        again = services.poll_feed(WireFeed.objects.get(pk=drop.pk))
        elapsed = time.monotonic() - started
        results["drop_folder_again"] = {
            "message": again.message,
            "seconds": round(elapsed, 1),
            "items_per_s": round(args.items / elapsed),
        }

        # 2. A poll cycle over loopback feeds.
        server = serve_feeds(args.feeds, args.per_feed)
        port = server.server_address[1]
        for i in range(args.feeds):
            WireFeed.objects.create(
                name=f"Bench RSS {i}", agency=agency, kind="rss", url=f"http://127.0.0.1:{port}/feed/{i}.xml",
                allow_private_network=True,
            )  # fmt: skip
        for label in ("poll_cycle_first", "poll_cycle_again"):
            WireFeed.objects.filter(kind="rss").update(next_poll_at=timezone.now())
            started = time.monotonic()
            polled = services.poll_due_feeds()
            elapsed = time.monotonic() - started
            results[label] = {
                "feeds": len(polled),
                "failed": sum(1 for p in polled if not p.ok),
                "not_modified": sum(1 for p in polled if p.not_modified),
                "new_items": sum(p.report.count("new") for p in polled if p.report),
                "seconds": round(elapsed, 2),
            }
        server.shutdown()
    finally:
        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)

    print(json.dumps(results, indent=2))
    print(f"\nKabar wire bench ({results['database']}, {os.cpu_count()} CPUs)")
    print("| step | result | seconds | items/s |")
    print("| --- | --- | --- | --- |")
    for key in ("drop_folder", "drop_folder_again"):
        r = results[key]
        print(f"| {key} | {r['message']} | {r['seconds']} | {r['items_per_s']} |")
    for key in ("poll_cycle_first", "poll_cycle_again"):
        r = results[key]
        summary = (
            f"{r['feeds']} feeds, {r['new_items']} new items, {r['not_modified']} not modified, {r['failed']} failed"
        )
        print(f"| {key} | {summary} | {r['seconds']} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
