from __future__ import annotations

import datetime as dt

from django import template

from kabar.core import timefmt

register = template.Library()


@register.filter
def article_time(value: dt.datetime | None) -> str:
    return timefmt.article_time(value)


@register.filter
def relative_time(value: dt.datetime | None) -> str:
    return timefmt.relative_time(value)


@register.filter
def iso_time(value: dt.datetime | None) -> str:
    return timefmt.iso_with_offset(value)


@register.filter
def rupiah(value: int) -> str:
    return timefmt.rupiah(value)
