"""UI text as readers see it: the English msgid through the catalogue of the site's language (Indonesian).

The public site always speaks settings.LANGUAGE_CODE, so tests assert what the page shows, not the msgid:
`site_text("Write something before sending.")`, `site_text("… until %(until)s.", until=...)` (rendered as the
code renders it, `gettext(msgid) % values`), `site_ntext(singular, plural, n, ...)` for ngettext and
`{% blocktranslate count %}`, and `site_html(...)` for text as it appears escaped in HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext


@contextmanager
def site_language() -> Iterator[None]:
    """Within it, gettext and locale-aware formatting (dates, numbers) speak the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def site_text(msgid: str, /, **values: Any) -> str:
    """`msgid` in the site's language, with `values` put in as the code does (`gettext(msgid) % values`)."""
    with site_language():
        text = gettext(msgid)
    return text % values if values else text


def site_ntext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    """The plural form for `count` in the site's language; `values` as for site_text (add the count if used)."""
    with site_language():
        text = ngettext(singular, plural, count)
    return text % values if values else text


def site_html(msgid: str, /, **values: Any) -> str:
    """site_text as a template shows it: HTML-escaped (quotes and ampersands included)."""
    return escape(site_text(msgid, **values))
