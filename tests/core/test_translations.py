"""Indonesian is the default language and must be complete: every message translated and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "kabar" / "locale" / "id" / "LC_MESSAGES"


def test_every_message_has_an_indonesian_translation():
    catalog = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalog_matches_the_po_file():
    catalog = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    stale = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr_plural[0]
        elif entry.msgctxt:
            got = compiled.pgettext(entry.msgctxt, entry.msgid)
            expected = entry.msgstr
        else:
            got = compiled.gettext(entry.msgid)
            expected = entry.msgstr
        if got != expected:
            stale.append(entry.msgid)
    assert stale == [], "run `make messages` to recompile kabar/locale/id/LC_MESSAGES/django.mo"


@pytest.mark.django_db
def test_public_pages_are_indonesian_whatever_language_the_browser_asks_for(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Cari berita" in page
    assert "Search news" not in page
