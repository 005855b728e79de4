"""Thin views of a live report besides its page: the poll JSON and an update's own address."""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import parse_etags
from django.views.decorators.http import require_GET

from kabar.core.timefmt import iso_with_offset
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import article_key
from kabar.live import queries
from kabar.live.caching import carries_report
from kabar.live.models import LiveReportPage
from kabar.live.templatetags.live_tags import update_time


def public_report(report_id: int) -> LiveReportPage:
    """A published report anyone may read (no privacy restriction), or 404."""
    report = (
        LiveReportPage.objects.live()
        .public()
        .filter(pk=report_id)
        # What the JSON, the feed and the update links read: no deferred field costs a query.
        .only(
            "id",
            "live_status",
            "path",
            "depth",
            "url_path",
            "slug",
            "section_id",
            "first_published_at",
            "published_at",
            "coverage_started_at",
            "coverage_ended_at",
            "section__slug",
        )
        .select_related("section")
        .first()
    )
    if report is None:
        raise Http404("No such live report")
    return report


@require_GET
def updates_json(request: HttpRequest, report_id: int) -> HttpResponse:
    """/live/<id>/updates.json: the newest updates as HTML fragments, the key points and the status.

    One address per report, whatever each reader has already seen: every poller asks for the same
    document, so Kabar's page cache and Varnish render it once per update (purged by the report's
    key) and answer the rest, mostly with 304s to If-None-Match. live.js takes what it lacks.
    """
    report = public_report(report_id)
    carries_report(report.pk)
    window = queries.poll_window(report.pk)
    with_date = queries.spans_days(report)
    events = queries.key_events(report.pk)
    data = {
        "report": report.pk,
        "status": "live" if report.live_status == "live" else "ended",
        "updates": [
            {
                "id": update.pk,
                "published_at": iso_with_offset(update.published_at),
                "edited_at": iso_with_offset(update.edited_at),
                "pinned": update.is_pinned,
                "key_event": update.is_key_event,
                "html": render_to_string(
                    "live/includes/update.html", {"update": update, "pinned": False, "with_date": with_date}
                ),
            }
            for update in window
        ],
        "key_events": [
            {
                "id": event.pk,
                "headline": event.headline,
                "published_at": iso_with_offset(event.published_at),
                "time": update_time(event.published_at, with_date),
                "link": reverse("live_update", args=[report.pk, event.pk]),
            }
            for event in events
        ],
        # A reader who lacks even the oldest of these missed more than a window: live.js offers a reload.
        "window": queries.POLL_WINDOW,
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    return response


@require_GET
def update_link(request: HttpRequest, report_id: int, update_id: int) -> HttpResponse:
    """/live/<id>/pembaruan/<update id>/: the page of the stream that shows this update, at it.

    "Poin penting" links here for key events older than the first page.
    """
    report = public_report(report_id)
    update = (
        queries.published_updates(report.pk)
        .filter(pk=update_id)
        .select_related(None)
        .only("id", "published_at")
        .first()
    )
    if update is None:
        raise Http404("No such update")
    # The page whose "before" is the update just newer than this one starts with this one.
    neighbour = (
        queries.published_updates(report.pk)
        .filter(queries.after_condition(update, oldest_first=True))
        .order_by("published_at", "id")
        .values_list("id", flat=True)
        .first()
    )
    path = report.dated_path()
    if neighbour is not None:
        path += f"?sebelum={neighbour}"
    carries_report(report.pk)
    add_keys(article_key(report.pk))
    return HttpResponseRedirect(f"{path}#update-{update.pk}")
