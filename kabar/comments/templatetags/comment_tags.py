from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from kabar.comments import text

register = template.Library()


@register.filter(is_safe=False)
def comment_text(value: str | None) -> SafeString:
    """A stored comment as HTML: escaped first, then web addresses linked and line breaks kept (text.render_html)."""
    return mark_safe(text.render_html(str(value or "")))  # noqa: S308 - render_html escapes, then nh3 checks
