"""`{% slot %}`: where the public templates let feature apps in (kabar/delivery/slots.py lists the slots).

    {% slot "below_header" %}                                  under the site header
    {% slot "in_body" after=item among=body_items %}           after an article's body item
    {% slot "in_list" position=forloop.counter total=n %}      after the n-th card of a list
    {% slot "after_article" %}                                 the Kabar+ invitation, comments

A slot no installed app fills renders nothing.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from kabar.delivery import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context: Context, name: str, **options: Any) -> SafeString:
    return slots.render(name, context.get("request"), context, **options)
