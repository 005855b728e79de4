"""The live part's helper against the site's own database: `python -m bench.live_probe COMMAND [ARGS]`.

Each command prints one JSON line last (the bench reads that line):

- `prepare SMALL LARGE`: the live report the pollers poll, of the bench's own, published under the first
  section as the admin would (its id, page path and poll JSON path), and the SQL queries its page and
  its poll JSON take with SMALL published updates and again with LARGE (older ones added; Django test
  client, page cache off, the second request counted);
- `poster REPORT_ID`: stays up and, for each JSON line {"headline", "text"} on stdin, posts an update
  through the live desk's service (kabar.live.services.post_update, as the composer does), then prints
  {"committed": unix time of the commit, "id": the update's id};
- `remove ID...`: deletes the bench's reports, so later parts and a data directory given with --data-dir
  find the site as it was.

Fixture updates (SMALL and LARGE above) are written in bulk: their cost is not what is measured, and
2,000 posts through the service would take longer than the measurement. The updates the pollers wait
for go through the service, with its purge, exactly as an editor's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from kabar.articles.models import ArticlePage, ArticleWriter, SectionPage  # noqa: E402
from kabar.articles.services import month_folder  # noqa: E402
from kabar.live.models import LiveReportPage, LiveUpdate  # noqa: E402
from kabar.people.models import Person  # noqa: E402

# Reports the bench makes carry this in their slug, so `remove` never touches anything else.
SLUG_PREFIX = "bench-liputan-langsung-"
EDITOR_USERNAME = "redaktur"  # seeded by `kabar demo`


def paragraph(text: str) -> list[dict[str, Any]]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def newsroom() -> tuple[Any, Person]:
    """The demo's editor account and a writer to credit (the first writer on file)."""
    user = get_user_model().objects.filter(username=EDITOR_USERNAME).first()
    writer = Person.objects.filter(role=Person.Role.WRITER).order_by("pk").first()
    if user is None or writer is None:
        raise SystemExit("the database has no 'redaktur' account or no writer: seed it with `kabar demo` first")
    return user, writer


def make_report(label: str) -> LiveReportPage:
    """A published live report with no update yet, filed and published as the admin does."""
    user, writer = newsroom()
    section = SectionPage.objects.live().order_by("path").first()
    if section is None:
        raise SystemExit("the database has no section: seed it first")
    token = secrets.token_hex(3)
    report = LiveReportPage(
        title=f"Liputan langsung {label}: banjir di hilir sungai ({token})",
        slug=f"{SLUG_PREFIX}{label}-{token}",
        summary="Laporan terkini dari lokasi banjir, diperbarui terus-menerus.",
        body=paragraph("Air mulai naik sejak dini hari. Kami melaporkan dari lokasi."),
        editor=Person.objects.filter(role=Person.Role.EDITOR).order_by("pk").first(),
        live=False,
    )
    report.writers.add(ArticleWriter(person=writer))
    report.owner = user
    month_folder(section).add_child(instance=report)
    report.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return LiveReportPage.objects.get(pk=report.pk)


def add_updates(report: LiveReportPage, count: int, *, first_number: int, minutes_ago: int) -> None:
    """`count` published updates, a minute apart, the newest `minutes_ago` + 1 minutes old; every tenth
    a key event with a headline."""
    user, writer = newsroom()
    now = timezone.now()
    LiveUpdate.objects.bulk_create(
        [
            LiveUpdate(
                report=report,
                status=LiveUpdate.Status.PUBLISHED,
                headline=f"Perkembangan ke-{number}" if number % 10 == 1 else "",
                body=paragraph(
                    f"Pembaruan ke-{number}: petugas mengevakuasi warga dari rumah yang terendam, "
                    "dan posko pengungsian menerima bantuan makanan serta obat-obatan."
                ),
                writer=writer,
                author=user,
                is_key_event=number % 10 == 1,
                published_at=now - dt.timedelta(minutes=minutes_ago + count - n),
            )
            for n, number in enumerate(range(first_number, first_number + count))
        ],
        batch_size=500,
    )


def poll_path(report: LiveReportPage) -> str:
    """The report's poll JSON, where the page's script (live.js) asks for newer updates."""
    return reverse("live_updates_json", kwargs={"report_id": report.pk})


def describe(report: LiveReportPage) -> dict[str, Any]:
    return {"id": report.pk, "page": report.dated_path(), "json": poll_path(report), "title": report.title}


def count_queries(client: Client, path: str) -> int:
    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path} answered {first.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def counted(client: Client, report: LiveReportPage, updates: int) -> dict[str, Any]:
    described = describe(report)
    # Every request renders: a stored copy would answer with no query at all.
    with override_settings(KABAR_PAGE_CACHE_ENABLED=False):
        return {
            "updates": updates,
            "page_queries": count_queries(client, described["page"]),
            "json_queries": count_queries(client, described["json"]),
        }


def prepare(small: int, large: int) -> dict[str, Any]:
    """The polled report: its queries with `small` updates, then with `large` (older ones added)."""
    report = make_report("polling")
    client = Client()
    add_updates(report, small, first_number=large - small + 1, minutes_ago=0)
    found = {"small": counted(client, report, small)}
    add_updates(report, large - small, first_number=1, minutes_ago=small)
    found["large"] = counted(client, report, large)
    return {"polled": {**describe(report), "updates": large}, "queries": found}


def post(report: LiveReportPage, user: Any, writer: Person, headline: str, text: str) -> LiveUpdate:
    from kabar.live import services

    return services.post_update(report, body=paragraph(text), headline=headline, writer=writer, user=user, publish=True)


def poster(report_id: int) -> None:
    user, writer = newsroom()
    report = LiveReportPage.objects.get(pk=report_id)
    for line in sys.stdin:
        order = json.loads(line)
        committed: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs at the commit, before the purges the service adds.
            transaction.on_commit(lambda stamps=committed: stamps.append(time.time()))
            update = post(report, user, writer, order["headline"], order["text"])
        print(json.dumps({"committed": committed[0], "id": update.pk, "done": time.time()}), flush=True)


def remove(ids: list[int]) -> dict[str, Any]:
    removed = 0
    for page in ArticlePage.objects.filter(pk__in=ids, slug__startswith=SLUG_PREFIX):
        # The updates in bulk first: the page's own delete would collect them one by one.
        LiveUpdate.objects.filter(report_id=page.pk).delete()
        page.specific.delete()
        removed += 1
    return {"removed": removed}


def main() -> None:
    command, *rest = sys.argv[1:]
    if command == "prepare":
        print(json.dumps(prepare(int(rest[0]), int(rest[1]))))
    elif command == "poster":
        poster(int(rest[0]))
    elif command == "remove":
        print(json.dumps(remove([int(x) for x in rest])))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
