"""Live reports and staff for the desk's tests: who owns the report decides whether a Penulis may post."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from kabar.articles import services as article_services
from kabar.live.models import LiveReportPage
from tests import factories


def report(
    title: str = "Banjir besar rendam Jakarta",
    *,
    owner: User | None = None,
    published: bool = True,
    ends_at: dt.datetime | None = None,
) -> LiveReportPage:
    """A report in Megapolitan, owned by `owner`, published (so running) unless told otherwise."""
    page = LiveReportPage(
        title=title, summary="Liputan langsung banjir di Jakarta.", body=[], coverage_ends_at=ends_at, owner=owner
    )
    article_services.file_article(factories.section("Megapolitan"), page, user=owner)
    if published:
        article_services.publish_article(page)
    return LiveReportPage.objects.get(pk=page.pk)


def text(*lines: str) -> list[tuple[str, str]]:
    return factories.paragraphs(*lines)
