"""Wire desk benchmark: 10,000 ninjs items of about 3 KB from a drop folder, one per file and 500 per file,
on an empty desk and on a desk already holding a million old items; old items leaving; a poll cycle over 50
loopback feeds.

    .venv/bin/python bench/wire_ingest.py                 # fresh SQLite database in a temporary folder
    .venv/bin/python bench/wire_ingest.py --database-url postgres://postgres@127.0.0.1:5432/kabar_bench_wire \
        --create-database                                 # made (dropped first if it exists) and dropped after
    .venv/bin/python bench/wire_ingest.py --smoke         # small numbers: proves the harness works

Without --create-database, a PostgreSQL database given with --database-url should be empty: it is
migrated, used and left as it is. The million old items are written by a few INSERT … SELECT statements
(their search entries with the full-text index built once afterwards), not through the ingest. Each
step reports wall-clock seconds and this process's CPU seconds: on a shared machine the wall clock
follows the CPU the process gets. Goal (issue 22): 10,000 items in at most 30 s, one per file or 500
per file, and no slower on the big desk. Everything runs in this process against loopback servers;
nothing leaves the machine.
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
# Words of the old items' search entries, eight characters each (picked by SQL with substr).
OLD_WORDS = "".join(
    f"{word:<8}"
    for word in (
        "harga", "beras", "banjir", "rob", "pemilu", "daerah", "jalan", "tol", "ekspor", "kopi", "gempa", "bumi",
        "kereta", "cepat", "warga", "pasar", "nelayan", "solar", "sekolah", "guru", "rumah", "sakit", "dokter",
        "polisi", "hakim", "sidang", "kapal", "bandara", "hujan", "angin", "petani", "sawah", "pupuk", "listrik",
    )
)  # fmt: skip


def story(n: int, paragraphs: int = 6) -> tuple[str, str, str]:
    place, topic = PLACES[n % len(PLACES)], TOPICS[n % len(TOPICS)]
    headline = f"{place}: perkembangan terbaru soal {topic} (laporan {n})"
    texts = [SENTENCE.format(place=place, topic=topic, n=n + k) for k in range(paragraphs)]
    return place, headline, "".join(f"<p>{escape(p)}</p>" for p in texts)


def ninjs_item(n: int, prefix: str) -> dict[str, object]:
    """About 3 KB of ninjs 2, as agencies send a short story."""
    place, headline, body = story(n, paragraphs=20)
    return {
        "uri": f"urn:bench:{prefix}:{n}",
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


def write_ninjs_files(folder: Path, prefix: str, items: int, per_file: int) -> int:
    """`items` items in files of `per_file` (a lone item is a ninjs object, several a JSON array); bytes written."""
    folder.mkdir(parents=True)
    written = 0
    for n, start in enumerate(range(0, items, per_file)):
        batch = [ninjs_item(k, prefix) for k in range(start, min(start + per_file, items))]
        data = json.dumps(batch[0] if per_file == 1 else batch).encode()
        (folder / f"{prefix}-{n:06}.json").write_bytes(data)
        written += len(data)
    return written


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


def build_old_desk(feed_id: int, count: int) -> None:
    """`count` items first received 200 days ago, with a version and a search entry each, in a few statements."""
    import importlib

    from django.db import connection, transaction
    from django.utils import timezone

    from kabar.wire.models import WireItem, WireItemVersion

    schema = importlib.import_module("kabar.wire.migrations.0004_wire_search_own_index")
    vendor = connection.vendor
    old = timezone.now() - dt.timedelta(days=200)
    series = (
        "generate_series(1, %s) AS s(n)"
        if vendor == "postgresql"
        else "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s) AS s"
    )
    words = len(OLD_WORDS) // 8
    word = "trim(substr(%s, (s.n %% {m}) * 8 + 1, 8))"
    # Every column the item table has, whoever added it: the known ones made from n, the rest their default.
    known = {
        "feed_id": ("%s", [feed_id]),
        "agency_uri": ("'urn:bench:old:' || s.n", []),
        "version": ("1", []),
        "agency_version": ("'1'", []),
        "headline": ("'Arsip ' || s.n || ' ' || " + word.format(m=words), [OLD_WORDS]),
        "body_html": ("'<p>' || " + word.format(m=words - 1) + " || ' ' || " + word.format(m=words - 3) + " || '</p>'",
                      [OLD_WORDS, OLD_WORDS]),
        "urgency": ("s.n %% 9 + 1", []),
        "language": ("'id'", []),
        "first_seen_at": ("%s", [old]),
        "updated_at": ("%s", [old]),
        "version_created": ("%s", [old]),
    }  # fmt: skip
    columns, expressions, params = [], [], []
    for field in WireItem._meta.concrete_fields:
        if field.primary_key:
            continue
        expression, values = known.get(field.column, ("%s", None))
        if values is None:
            values = [field.get_db_prep_save(field.get_default(), connection)]
        if expression == "%s" and vendor == "postgresql":
            expression = f"CAST(%s AS {field.db_type(connection)})"  # a bare parameter would be read as text
        columns.append(field.column)
        expressions.append(expression)
        params += [field.get_db_prep_save(v, connection) if isinstance(v, dt.datetime) else v for v in values]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO wire_wireitem ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {series}",  # noqa: S608
            [*params, count],
        )
        content = WireItemVersion._meta.get_field("content").get_db_prep_save({}, connection)
        cursor.execute(
            "INSERT INTO wire_wireitemversion (item_id, version, agency_version, version_created, content, checksum, "
            "received_at) SELECT id, 1, '1', version_created, %s, 'old' || id, first_seen_at FROM wire_wireitem "
            "WHERE feed_id = %s",
            [content, feed_id],
        )
        # The full-text index is built once after the entries, not updated a million times.
        if vendor == "postgresql":
            cursor.execute("DROP INDEX wire_search_entry_document")
        else:
            cursor.execute("DROP TRIGGER wire_searchentry_added")
        cursor.execute(
            "INSERT INTO wire_wiresearchentry (item_id, stems) SELECT id, lower(headline) || ' ' || "
            "replace(replace(body_html, '<p>', ''), '</p>', '') FROM wire_wireitem WHERE feed_id = %s",
            [feed_id],
        )
        if vendor == "sqlite":
            cursor.execute("INSERT INTO wire_searchtext (wire_searchtext) VALUES ('rebuild')")
            cursor.execute(schema.SQLITE[1])
    with connection.cursor() as cursor:
        if vendor == "postgresql":  # after the commit: PostgreSQL builds no index over rows with checks pending
            cursor.execute(schema.POSTGRESQL_INDEX)
            # A desk that has held its items for months has been vacuumed: autovacuum would otherwise
            # work through the million new rows during the steps measured next.
            for table in ("wire_wireitem", "wire_wireitemversion", "wire_wiresearchentry"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def drop_folder_step(agency: object, name: str, folder: Path) -> dict[str, object]:
    """One poll of a new drop-folder feed over `folder`: wall-clock and CPU seconds, and what it reports."""
    from kabar.wire import services
    from kabar.wire.models import WireFeed, WireItem

    feed = WireFeed.objects.create(name=name, agency=agency, kind="drop_folder", folder_path=str(folder))
    files = sum(1 for _ in folder.iterdir())
    started, cpu = time.monotonic(), time.process_time()
    result = services.poll_feed(feed)
    elapsed, cpu_s = time.monotonic() - started, time.process_time() - cpu
    items = WireItem.objects.filter(feed=feed).count()
    return {
        "files": files,
        "items": items,
        "message": result.message,
        "seconds": round(elapsed, 1),
        "cpu_seconds": round(cpu_s, 1),
        "items_per_s": round(items / elapsed) if elapsed else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def create_database(url: str, *, drop: bool = False) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=None, help="items per step (10,000; smoke 500)")
    parser.add_argument("--per-file", type=int, default=500, help="items per file in the batched steps")
    parser.add_argument(
        "--old-items", type=int, default=None, help="old items on the big desk (1,000,000; smoke 5,000)"
    )
    parser.add_argument("--feeds", type=int, default=None, help="loopback feeds in the poll cycle (50; smoke 5)")
    parser.add_argument("--per-feed", type=int, default=20, help="items per loopback feed")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--create-database", action="store_true", help="PostgreSQL: make the database, drop it after")
    parser.add_argument("--smoke", action="store_true", help="small numbers, for make bench-smoke")
    parser.add_argument("--output", type=Path, default=None, help="also write the results here, as JSON")
    args = parser.parse_args()
    items = args.items or (500 if args.smoke else 10_000)
    old_items = args.old_items if args.old_items is not None else (5_000 if args.smoke else 1_000_000)
    feeds = args.feeds or (5 if args.smoke else 50)

    data_dir = Path(tempfile.mkdtemp(prefix="kabar-wire-bench-"))
    os.environ.update(
        {"KABAR_DATA_DIR": str(data_dir), "KABAR_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "kabar.settings"}
    )
    # Generated files are complete when the poll starts: none waits for its size to settle.
    os.environ["KABAR_WIRE_DROP_SETTLE_SECONDS"] = "0"
    os.environ.pop("KABAR_TESTING", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        if args.create_database:
            create_database(args.database_url)
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

    results: dict[str, object] = {
        "database": connection.vendor,
        "items": items,
        "per_file": args.per_file,
        "old_items": old_items,
        "feeds": feeds,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        results["migrate_s"] = round(time.monotonic() - started, 1)
        agency = Source.objects.get_or_create(name="Kantor Berita Bench", defaults={"slug": "kantor-berita-bench"})[0]
        files = data_dir / "files"
        steps: dict[str, dict[str, object]] = {}
        results["steps"] = steps

        def step(key: str, per_file: int, prefix: str) -> None:
            folder = files / key
            size = write_ninjs_files(folder, prefix, items, per_file)
            found = drop_folder_step(agency, f"Bench {key}", folder)
            found["kb_per_item"] = round(size / items / 1024, 1)
            assert found["items"] == items, found["message"]
            steps[key] = found
            print(f"[wire bench] {key}: {found['seconds']} s ({found['cpu_seconds']} CPU-s)", flush=True)

        # 1. An empty desk: one item per file, then 500 per file, then the same files again (unchanged).
        step("one_per_file", 1, "a")
        step("per_file_batched", args.per_file, "b")
        folder = files / "per_file_batched"
        for path in (folder / "processed").iterdir():
            shutil.move(str(path), str(folder / path.name))
        feed = WireFeed.objects.get(name="Bench per_file_batched")
        started, cpu = time.monotonic(), time.process_time()
        again = services.poll_feed(feed)
        steps["per_file_batched_again"] = {
            "message": again.message,
            "seconds": round(time.monotonic() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
        }

        # 2. A desk holding `old_items` old items: the same two steps, with items it has never seen.
        if old_items:
            old_feed = WireFeed.objects.create(name="Bench archive", agency=agency, kind="drop_folder", enabled=False)
            started = time.monotonic()
            build_old_desk(old_feed.pk, old_items)
            results["old_desk_build_s"] = round(time.monotonic() - started, 1)
            results["desk_items_before_big_steps"] = WireItem.objects.count()
            print(f"[wire bench] {old_items} old items written in {results['old_desk_build_s']} s", flush=True)
            step("big_desk_one_per_file", 1, "c")
            step("big_desk_per_file_batched", args.per_file, "d")

            # 3. Old items leaving: one run of the retention job as the clock runs it (at most 20 s).
            started, cpu = time.monotonic(), time.process_time()
            removed = services.remove_old_items()
            elapsed = time.monotonic() - started
            steps["retention_one_run"] = {
                "removed": removed,
                "seconds": round(elapsed, 1),
                "cpu_seconds": round(time.process_time() - cpu, 1),
                "items_per_s": round(removed / elapsed) if elapsed else None,
            }

        # 4. A poll cycle over loopback feeds.
        server = serve_feeds(feeds, args.per_feed)
        port = server.server_address[1]
        for i in range(feeds):
            WireFeed.objects.create(
                name=f"Bench RSS {i}", agency=agency, kind="rss", url=f"http://127.0.0.1:{port}/feed/{i}.xml",
                allow_private_network=True,
            )  # fmt: skip
        for label in ("poll_cycle_first", "poll_cycle_again"):
            WireFeed.objects.filter(kind="rss").update(next_poll_at=timezone.now())
            started = time.monotonic()
            polled = services.poll_due_feeds()
            elapsed = time.monotonic() - started
            steps[label] = {
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
        if args.database_url and args.create_database:
            create_database(args.database_url, drop=True)
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.output:
        args.output.write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))
    print()
    print(markdown(results))
    return 0


STEP_TITLES = {
    "one_per_file": "{items} items, one per file (empty desk)",
    "per_file_batched": "{items} items, {per_file} per file (empty desk)",
    "per_file_batched_again": "the same {items} again (all unchanged)",
    "big_desk_one_per_file": "{items} items, one per file, desk of {old_items} old items",
    "big_desk_per_file_batched": "{items} items, {per_file} per file, desk of {old_items} old items",
    "retention_one_run": "one retention run (at most 20 s)",
}


def markdown(results: dict) -> str:
    """The wire bench's table, as docs/benchmarks.md and bench/report.py show it."""
    names = {k: f"{v:,}" if isinstance(v, int) else v for k, v in results.items()}
    lines = [
        f"Wire desk ({results['database']}, {results['cpus']} CPUs, load average {results['load_average_start']} "
        f"at the start, {results['load_average_end']} at the end)",
        "",
        "| step | result | seconds | CPU-s (this process) | items/s | goal | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    steps = results["steps"]
    for key, title in STEP_TITLES.items():
        if key not in steps:
            continue
        r = steps[key]
        goal = "<= 30 s" if key in ("one_per_file", "per_file_batched") or key.startswith("big_desk") else ""
        verdict = ("meets goal" if r["seconds"] <= 30 else "misses goal") if goal and results["items"] == 10_000 else ""
        result = r.get("message") or f"{r.get('removed', 0):,} removed"
        lines.append(
            f"| {title.format(**names)} | {result} | {r['seconds']} | {r.get('cpu_seconds', '')} | "
            f"{r.get('items_per_s') or ''} | {goal} | {verdict} |"
        )
    if "old_desk_build_s" in results:
        lines.append(f"| writing the {names['old_items']} old items (SQL) | | {results['old_desk_build_s']} | | | | |")
    for key in ("poll_cycle_first", "poll_cycle_again"):
        if key in steps:
            r = steps[key]
            summary = (
                f"{r['feeds']} feeds, {r['new_items']} new, {r['not_modified']} not modified, {r['failed']} failed"
            )
            lines.append(f"| {key.replace('_', ' ')} | {summary} | {r['seconds']} | | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
