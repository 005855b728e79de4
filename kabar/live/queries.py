"""Reads of live reports for readers: the stream of updates, its pages, key events, the poll window.

The stream is paged by keyset (the id of the last update shown, `?sebelum=<id>`), never by
OFFSET: the hundredth page of a 2,000-update report costs what the first does, and a page never
grows with the report, so its queries do not either (tests/live/test_page_queries.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kabar.core.timefmt import site_zone
from kabar.live.caching import carries_report
from kabar.live.models import LiveReportPage, LiveUpdate

if TYPE_CHECKING:
    from kabar.people.models import Person

# Updates on one page of the stream; "Muat pembaruan sebelumnya" pages through the rest.
STREAM_PAGE_SIZE = 20
# Updates in the poll JSON: a reader polling every 15-30 s misses no update unless more than this
# many arrive between two polls; then the page offers a reload instead.
POLL_WINDOW = 10
NEWEST_FIRST = "baru"
OLDEST_FIRST = "lama"


def published_updates(report_id: int) -> QuerySet[LiveUpdate]:
    """What readers see of a report: its published updates, with their writers, newest first."""
    return (
        LiveUpdate.objects.filter(report_id=report_id, status=LiveUpdate.Status.PUBLISHED, published_at__isnull=False)
        .select_related("writer")
        .order_by("-published_at", "-id")
    )


def key_events(report_id: int) -> list[LiveUpdate]:
    """ "Poin penting": the key events, newest first (ids, headlines and times only)."""
    return list(
        published_updates(report_id)
        .filter(is_key_event=True)
        .select_related(None)
        .only("id", "headline", "published_at", "report_id")
    )


@dataclass
class Stream:
    """One page of a report's updates, as the page and its "load earlier" link need it."""

    updates: list[LiveUpdate]
    pinned: LiveUpdate | None
    # The id to ask for the next page with (?sebelum=<id>), or None at the end.
    next_before: int | None
    oldest_first: bool
    # When the report spans days, times carry their date.
    spans_days: bool
    is_first_page: bool
    key_events: list[LiveUpdate] = field(default_factory=list)


def after_condition(update: LiveUpdate, oldest_first: bool) -> Q:
    """The keyset condition for the updates after `update` in reading order."""
    assert update.published_at is not None
    if oldest_first:
        return Q(published_at__gt=update.published_at) | Q(published_at=update.published_at, id__gt=update.pk)
    return Q(published_at__lt=update.published_at) | Q(published_at=update.published_at, id__lt=update.pk)


def stream(report: LiveReportPage, *, before: int | None = None, oldest_first: bool = False) -> Stream:
    """Updates of `report` for one page: the first page has the pinned update on top (and not
    again in the stream); `before` is the id of the last update the previous page showed."""
    updates = published_updates(report.pk)
    if oldest_first:
        updates = updates.order_by("published_at", "id")
    pinned = None
    is_first_page = before is None
    if before is not None:
        last = published_updates(report.pk).filter(pk=before).select_related(None).only("id", "published_at").first()
        if last is None:
            raise LiveUpdate.DoesNotExist(before)
        updates = updates.filter(after_condition(last, oldest_first))
    elif not oldest_first:
        pinned = published_updates(report.pk).filter(is_pinned=True).first()
    if pinned is not None:
        updates = updates.exclude(pk=pinned.pk)
    page = list(updates[: STREAM_PAGE_SIZE + 1])
    more = len(page) > STREAM_PAGE_SIZE
    page = page[:STREAM_PAGE_SIZE]
    carries_report(report.pk)
    return Stream(
        updates=page,
        pinned=pinned,
        next_before=page[-1].pk if more and page else None,
        oldest_first=oldest_first,
        spans_days=spans_days(report),
        is_first_page=is_first_page,
    )


def spans_days(report: LiveReportPage, now: dt.datetime | None = None) -> bool:
    """Whether the coverage runs over more than one day in the site's zone (then times say the date)."""
    start = report.coverage_started_at or report.first_published_at
    if start is None:
        return False
    end = report.coverage_ended_at or now or timezone.now()
    zone = site_zone()
    return timezone.localtime(start, zone).date() != timezone.localtime(end, zone).date()


def report_page_context(report: LiveReportPage, request: HttpRequest) -> dict[str, Any]:
    """What the live report's template adds to an article's context: the stream and its key points."""
    from kabar.live.structured_data import live_blog_json_ld

    before = _id_param(request.GET.get("sebelum"))
    ended = report.live_status != "live"
    oldest_first = ended and request.GET.get("urutan") == OLDEST_FIRST
    try:
        page = stream(report, before=before, oldest_first=oldest_first)
    except LiveUpdate.DoesNotExist:
        page = stream(report, oldest_first=oldest_first)
    page.key_events = key_events(report.pk)
    shown = {update.pk for update in page.updates} | ({page.pinned.pk} if page.pinned else set())
    return {
        "live_report_id": report.pk,
        "live_shown_ids": shown,
        "poll_seconds": poll_seconds(),
        "live_stream": page,
        "live_ended": ended,
        "live_json_ld": live_blog_json_ld(report, page, request),
    }


def poll_seconds() -> int:
    """The longest wait between two polls of live.js (it waits 0.8 to 1 of it at random)."""
    return max(1, int(getattr(settings, "KABAR_LIVE_POLL_SECONDS", 15)))


def writers_of(updates: list[LiveUpdate]) -> list[Person]:
    """Each writer of these updates once, in the order they first appear."""
    seen: dict[int, Person] = {}
    for update in updates:
        if update.writer is not None and update.writer_id not in seen:
            seen[update.writer.pk] = update.writer
    return list(seen.values())


def poll_window(report_id: int) -> list[LiveUpdate]:
    """The newest published updates, for the poll JSON: readers take those newer than they have."""
    return list(published_updates(report_id)[:POLL_WINDOW])


def _id_param(value: str | None) -> int | None:
    if value and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
