"""RSS 2.0 of one live report's updates (/live/<id>/feed/), newest first, each linked to its place."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from kabar.articles.structured_data import absolute
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import article_key
from kabar.live import queries
from kabar.live.caching import carries_report
from kabar.live.models import LiveReportPage, LiveUpdate
from kabar.live.structured_data import update_text
from kabar.live.views import public_report

FEED_SIZE = 30


class LiveUpdatesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, report_id: int) -> LiveReportPage:
        report = public_report(report_id)
        # The report's title and summary are in the channel: a publish (article key) changes them.
        carries_report(report.pk)
        add_keys(article_key(report.pk))
        return LiveReportPage.objects.get(pk=report.pk)

    def title(self, obj: LiveReportPage) -> str:
        return f"{obj.title} - {settings.SITE_NAME}"

    def link(self, obj: LiveReportPage) -> str:
        return absolute(obj.dated_path())

    def feed_url(self, obj: LiveReportPage) -> str:
        return absolute(f"/live/{obj.pk}/feed/")

    def description(self, obj: LiveReportPage) -> str:
        return obj.summary or obj.title

    def items(self, obj: LiveReportPage) -> list[LiveUpdate]:
        return list(queries.published_updates(obj.pk)[:FEED_SIZE])

    def item_title(self, item: LiveUpdate) -> str:
        if item.headline:
            return item.headline
        text = update_text(item)
        return text[:100] + ("…" if len(text) > 100 else "") or _("Update")

    def item_description(self, item: LiveUpdate) -> str:
        return update_text(item)

    def item_link(self, item: LiveUpdate) -> str:
        return absolute(f"/live/{item.report_id}/pembaruan/{item.pk}/")

    def item_guid(self, item: LiveUpdate) -> str:
        return f"{settings.BASE_URL}/live/{item.report_id}/pembaruan/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: LiveUpdate) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: LiveUpdate) -> dt.datetime | None:
        return item.edited_at or item.published_at

    def item_author_name(self, item: LiveUpdate) -> str | None:
        return item.writer.name if item.writer else None
