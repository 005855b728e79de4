"""`{% ad_slot %}` and `{% slot %}`: where the public templates let other apps put ads and invitations.

    {% ad_slot "top" %}                                       under the site header
    {% ad_slot "in_article" after=item among=body_items %}    after a body item; counts paragraphs
    {% ad_slot "list" position=forloop.counter total=n %}     after the n-th card of a list
    {% ad_slot "sidebar" %}  {% ad_slot "sticky" %}
    {% slot "after_article" %}  {% slot "header" %}           not ads: Kabar+ invitation and badge

Both render nothing when no app registered a renderer (kabar/core/slots.py); ad slots also render
nothing on the "member" variant of a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from kabar.core import slots

register = template.Library()

PARAGRAPH = "paragraph"


def _paragraph_position(after: Any, among: Sequence[Any] | None) -> tuple[int, int] | None:
    """(n, total) when `after` is the n-th of `total` paragraphs in `among`; None for other blocks."""
    if among is None or getattr(after, "block_type", None) != PARAGRAPH:
        return None
    position = total = 0
    for item in among:
        if getattr(item, "block_type", None) == PARAGRAPH:
            total += 1
            if item is after:
                position = total
    return (position, total) if position else None


@register.simple_tag(takes_context=True)
def ad_slot(context: Context, name: str, **options: Any) -> SafeString:
    after = options.pop("after", None)
    among = options.pop("among", None)
    if after is not None:
        found = _paragraph_position(after, among)
        if found is None:
            return SafeString("")
        options["position"], options["total"] = found
    return slots.render(name, context.get("request"), context, ads=True, **options)


@register.simple_tag(takes_context=True)
def slot(context: Context, name: str, **options: Any) -> SafeString:
    return slots.render(name, context.get("request"), context, **options)
