"""Template tags of the live report's page: its stream of updates and the time each update shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from kabar.core.timefmt import article_time, site_zone, zone_abbreviation

register = template.Library()


@register.simple_tag(takes_context=True)
def live_report_context(context: template.Context) -> dict[str, Any]:
    """The stream, key points and JSON-LD of the report being rendered (`page`), read once."""
    from kabar.live import queries

    request, page = context["request"], context["page"]
    # The head (JSON-LD) and the content block both ask; the second gets the first's answer.
    found: dict[str, Any] | None = getattr(request, "_kabar_live_context", None)
    if found is None or found["live_report_id"] != page.pk:
        found = queries.report_page_context(page, request)
        request._kabar_live_context = found
    return found


@register.filter
def update_time(moment: dt.datetime | None, with_date: bool = False) -> str:
    """`16:05 WIB`, or `07/12/2026, 16:05 WIB` once the report spans days."""
    if moment is None:
        return ""
    if with_date:
        return article_time(moment)
    local = timezone.localtime(moment, site_zone())
    return f"{local:%H:%M} {zone_abbreviation(settings.TIME_ZONE, local)}"
