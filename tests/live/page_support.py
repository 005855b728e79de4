"""Live reports as the newsroom makes them, for the reader's-page tests: filed, published, updated."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kabar.articles import services as article_services
from kabar.articles.models import ArticleWriter
from kabar.live import services
from kabar.live.models import LiveReportPage, LiveUpdate
from kabar.people.models import Person
from tests import factories


def report(
    title: str = "Gempa M 6,2 guncang Cianjur", *, writers: list[Person] | None = None, **fields: object
) -> LiveReportPage:
    """A published report in Nasional: publishing starts its coverage (live_status "live")."""
    page = LiveReportPage(
        title=title,
        summary=fields.pop("summary", "Liputan langsung gempa di Cianjur."),
        body=fields.pop("body", []),
        **fields,
    )
    for writer in writers or []:
        page.writers.add(ArticleWriter(person=writer))
    article_services.file_article(factories.section(), page)
    article_services.publish_article(page)
    page.refresh_from_db()
    return page


def post(
    on: LiveReportPage,
    text: str = "Warga berhamburan keluar rumah.",
    *,
    headline: str = "",
    writer: Person | None = None,
    key_event: bool = False,
    pinned: bool = False,
    body: list | None = None,
) -> LiveUpdate:
    """A published update, posted through the desk's service as the composer does."""
    return services.post_update(
        on,
        body=body if body is not None else factories.paragraphs(text),
        headline=headline,
        writer=writer,
        user=None,
        publish=True,
        is_key_event=key_event,
        is_pinned=pinned,
    )


def many_updates(
    on: LiveReportPage, count: int, *, writer: Person | None = None, start: dt.datetime | None = None
) -> None:
    """`count` published updates a minute apart, written in bulk (a long day of coverage)."""
    start = start or timezone.now() - dt.timedelta(minutes=count + 1)
    LiveUpdate.objects.bulk_create(
        [
            LiveUpdate(
                report=on,
                status=LiveUpdate.Status.PUBLISHED,
                body=factories.paragraphs(f"Pembaruan nomor {n}."),
                headline=f"Peristiwa {n}" if n % 50 == 0 else "",
                is_key_event=n % 50 == 0,
                writer=writer,
                published_at=start + dt.timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )
