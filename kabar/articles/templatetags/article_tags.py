from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText

register = template.Library()


@register.simple_tag
def paragraph_with_dateline(value: RichText, dateline: str) -> SafeString:
    """The first paragraph, opened by the dateline in bold: `<p><strong>SEOUL, KABAR -</strong> ...`."""
    html = str(value)
    lead = format_html('<strong class="dateline">{}</strong> ', dateline)
    if html.startswith("<p>") or html.startswith('<p data-block-key="'):
        head, sep, rest = html.partition(">")
        return mark_safe(f"{head}{sep}{lead}{rest}")  # noqa: S308 - both parts are already safe HTML
    return mark_safe(f"<p>{lead}</p>{html}")  # noqa: S308
