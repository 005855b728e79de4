"""The time each update of a live report shows."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone

from kabar.core.timefmt import article_time, site_zone, zone_abbreviation

register = template.Library()


@register.filter
def update_time(moment: dt.datetime | None, with_date: bool = False) -> str:
    """`16:05 WIB`, or `07/12/2026, 16:05 WIB` once the report spans days."""
    if moment is None:
        return ""
    if with_date:
        return article_time(moment)
    local = timezone.localtime(moment, site_zone())
    return f"{local:%H:%M} {zone_abbreviation(settings.TIME_ZONE, local)}"
