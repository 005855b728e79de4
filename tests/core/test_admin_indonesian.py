"""The admin speaks Indonesian to Penulis and Redaktur: every admin page they may open, walked in `id`.

Every admin URL the permission matrix allows a Penulis or a Redaktur to GET (tests/core/permission_matrix.py,
so a new admin page is walked as soon as it has its row), plus an article form sent back with errors, is
read as its user sees it: the visible text nodes and the labels a screen reader speaks (aria-label, title,
placeholder, alt), and the strings inside the admin's JSON props (the sidebar menu, the choosers' HTML).
A text is English when
- it is an English msgid of Wagtail's or Kabar's catalogues that the Indonesian catalogue translates
  differently or not at all (so a Wagtail string Kabar's catalogue lacks fails here), or
- it holds one of a short list of English words no Indonesian admin text uses (Kabar's own raw keys,
  strings that never went through gettext).
Names (people, brands) are allowed by an explicit list.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.core.permission_matrix import TABLE, fill, module_world
from tests.newsroom.support import editor_form

pytestmark = pytest.mark.django_db

# Wagtail translates some labels once, when their module or form class is first made (the image chooser's
# "Alt text", verbose names in the page-type filter). A server makes them in the site's language; under
# pytest they would be made during the test database's `migrate`, which runs with translations switched
# off, and stay English for the session. So the admin's modules are loaded here, at collection, as a
# server loads them: in settings.LANGUAGE_CODE.
with translation.override(settings.LANGUAGE_CODE):
    from django.urls import get_resolver
    from wagtail import hooks

    get_resolver().url_patterns  # noqa: B018 - imports every view, form and viewset the admin serves
    hooks.search_for_hooks()

ACTORS = ("penulis", "redaktur")
# Not pages a person reads: icons, the JS catalogue, Wagtail's deliberate error pages, API listings.
SKIPPED = ("admin/sprite/", "admin/jsi18n/", "admin/failwhale/", "admin/test404/", "admin/api/")

# English words that no Indonesian admin text contains (checked as whole words, case-insensitive).
ENGLISH_WORDS = {
    "the", "and", "of", "with", "your", "you", "this", "these", "that", "are", "is", "was", "has", "have",
    "edit", "delete", "add", "save", "cancel", "choose", "select", "search", "view", "show", "more", "less",
    "history", "upload", "previous", "next", "sort", "order", "page", "pages",
    "published", "unpublished", "draft", "drafts", "topics", "topic", "section", "sections", "images",
    "comments", "comment", "settings", "reports", "report", "active", "expired", "cancelled", "canceled",
    "pending", "paid", "created", "updated", "from", "by", "no", "yes", "none", "all",
    "title", "actions", "action", "submit", "approve", "reject", "request", "changes", "owner",
    "results", "result", "recent", "latest", "ago", "never", "today", "yesterday", "help", "account",
    "members", "memberships", "lapsed", "trial", "refunded", "sent", "queued", "breaking",
}  # fmt: skip
# Names and codes that read the same in every language (brands, products, formats).
ALLOWED = {
    "Wagtail", "Kabar", "Kabar+", "Draftail", "Reuters", "KBN", "Telegram", "WhatsApp", "Markdown", "HTML", "URL",
    "ID", "SEO", "RSS", "Atom", "JSON", "CSV", "XLSX", "PDF", "Slug", "Email", "E-mail", "Username", "OK",
    "English",  # a language's own name, in the admin's language menu
}  # fmt: skip
# Kabar's own catalogue may translate a msgid to text an English msgid also spells ("Status", "Editor").
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
# English still shown, each with why and who fixes it: remove a line when its cause is gone (the walk then
# proves it). Nothing else may be added here without the same.
KNOWN_GAPS = {
    # Wagtail's snippet chooser formats "Choose %(object)s" eagerly when the edit form class is first built,
    # and caches it for the process: in the language active then (English under the test runner).
    "Choose person", "Choose another person", "Edit this person",
    "Choose source", "Choose another source", "Edit this source",
    # Wagtail hard-codes aria-label="Actions" in wagtailadmin/shared/headers/_actions.html (not translatable).
    "Actions",
    # Wagtail prints an empty value as Python's "None" (the explorer's and the aging-pages report's empty
    # cells, an empty date on an edit form): not a translatable string.
    "None",
    # Translated in the catalogues, yet shown in English: labels Wagtail makes once, before the request's
    # language applies (the dashboard's search box, the e-mail link chooser's fields, the workflow
    # history's column). Not yet traced to their modules.
    "Search", "Subject", "Body", "Started at",
    # A msgid new in kabar/articles/models.py that kabar/locale does not have yet (the lead adds it).
    'Advertorial or paid content: labelled "Sponsored content" wherever it appears.',
    # The topic index page's title, made by kabar/articles/services.py with gettext while no language is
    # active (the test world, `kabar seed` run as a command): the page is stored as "Topics".
    "Topics",
}  # fmt: skip


def _catalogue_msgids() -> set[str]:
    """English msgids (singular and plural) of Wagtail's apps and of Kabar's own catalogue."""
    files = list(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po"))
    files += list(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))
    ids: set[str] = set()
    for path in files:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                ids.update(x for x in (entry.msgid, entry.msgid_plural) if x)
    return ids


def _untranslated_english() -> tuple[set[str], list[re.Pattern[str]]]:
    """Msgids that read differently in Indonesian, as exact texts and (with placeholders) as patterns."""
    exact, patterns = set(), []
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    with translation.override("id"):
        for msgid in _catalogue_msgids():
            text = " ".join(msgid.split())
            if len(text) < 3 or not re.search(r"[A-Za-z]{3}", text) or text in ALLOWED:
                continue
            if gettext(msgid) != msgid:
                pass  # translated: the English text on a page means the page bypassed the catalogue
            elif text.lower() == text and " " not in text:
                continue  # a bare lowercase key ("left", "id") or a field name Indonesian may keep
            if placeholder.search(text):
                parts = [re.escape(p) for p in placeholder.split(text)]
                literal = "".join(p for p in placeholder.split(text))
                if len(re.sub(r"\W", "", literal)) >= 8:
                    patterns.append(re.compile("^" + ".+?".join(parts) + "$"))
            else:
                exact.add(text)
    # A msgid Indonesian keeps as it is ("Status", "Editor") is Indonesian too.
    with translation.override("id"):
        kept = {t for t in exact if gettext(t) == t and _translated_somewhere(t)}
    return exact - kept, patterns


_TRANSLATED: set[str] | None = None


def _kept_as_is(text: str) -> bool:
    """A msgid whose Indonesian is the same word ("Feed", "Status")."""
    with translation.override("id"):
        return gettext(text) == text and _translated_somewhere(text)


def _translated_somewhere(text: str) -> bool:
    """Whether some catalogue for `id` holds this msgid with a translation (even one equal to it)."""
    global _TRANSLATED
    if _TRANSLATED is None:
        _TRANSLATED = set()
        files = list(Path(settings.BASE_DIR, "core", "locale_wagtail").glob("id/LC_MESSAGES/*.po"))
        files += list(Path(settings.BASE_DIR, "locale").glob("id/LC_MESSAGES/django.po"))
        for path in files:
            _TRANSLATED.update(" ".join(e.msgid.split()) for e in polib.pofile(str(path)) if e.translated())
    return text in _TRANSLATED


class _Texts(HTMLParser):
    """Visible text nodes, spoken labels, and strings inside JSON props of one admin page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json_strings: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style", "code"):
            self._skip += 1
            # The admin's props; not a page preview's JSON-LD, whose "@type": "Person" is vocabulary.
            self._json = tag == "script" and values.get("type") == "application/json"
        for name in TEXT_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data: str) -> None:
        if self._json:
            self.json_strings.extend(_strings_in(data))
        elif not self._skip and data.strip():
            self.texts.append(data)


def _strings_in(data: str) -> list[str]:
    try:
        value = json.loads(data)
    except ValueError:
        return []
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return found


def _page_texts(body: str, content_type: str) -> tuple[list[str], list[str]]:
    """(texts, strings from JSON props); a chooser's JSON answer carries its HTML in "html"."""
    if "json" in content_type:
        data = json.loads(body)
        body = data.get("html", "") if isinstance(data, dict) else ""
    parser = _Texts()
    parser.feed(body)
    # Strings in JSON props that hold HTML (a chooser, a panel template) are read as HTML too.
    for string in list(parser.json_strings):
        if "<" in string and ">" in string:
            inner = _Texts()
            inner.feed(string)
            parser.texts.extend(inner.texts)
    return parser.texts, parser.json_strings


def english_in(body: str, content_type: str, exact: set[str], patterns: list[re.Pattern[str]]) -> set[str]:
    texts, json_strings = _page_texts(body, content_type)
    found = set()
    for raw in texts + json_strings:
        text = " ".join(raw.split()).strip(" :*…")
        if not text or text in ALLOWED or text in KNOWN_GAPS:
            continue
        if re.fullmatch(r"[a-z_]+\.[a-z_]+", text):
            continue  # a model's label ("articles.articlepage"), shown as the code it is
        if raw in json_strings and re.fullmatch(r"[a-z_]+", text):
            continue  # a key in the admin's props ("image", "site"), not a label
        capfirst_of_a_msgid = text[:1].lower() + text[1:] in exact and not _kept_as_is(text)
        if text in exact or capfirst_of_a_msgid or any(p.match(text) for p in patterns):
            found.add(text)
            continue
        if raw in json_strings:
            continue  # JSON props hold keys and URLs: only whole msgids count there
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text) if w not in ALLOWED}
        if {w.lower() for w in words} & ENGLISH_WORDS:
            found.add(text)
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world, built once for the module and rolled back at its end."""
    yield from module_world(django_db_blocker, tmp_path_factory)


@pytest.fixture(scope="module")
def english():
    return _untranslated_english()


@pytest.fixture(autouse=True)
def _staff_within_two_factor_grace(settings):
    settings.KABAR_STAFF_MFA_GRACE_DAYS = 3650


def _walk(client: Client, paths: list[str], english: tuple[set[str], list[re.Pattern[str]]]) -> dict[str, set]:
    problems = {}
    for path in paths:
        try:
            response = client.get(path)
        except Exception as error:  # a page that fails to render is the permission matrix's to report
            problems[path] = {f"(not rendered: {error!r:.80})"}
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(("text/html", "appl")):
            continue
        found = english_in(response.content.decode(), response["Content-Type"], *english)
        if found:
            problems[path] = found
    return problems


@pytest.mark.parametrize("actor", ACTORS)
def test_every_admin_page_a_penulis_or_redaktur_opens_reads_in_indonesian(actor, world, english, settings):
    settings.MEDIA_ROOT = world.media_root
    client = Client()
    client.force_login(world.users[actor])
    paths = [
        fill(row.path, world)
        for row in TABLE
        if row.pattern.startswith("admin/")
        and not row.pattern.startswith(SKIPPED)
        and row.expected("GET", actor) == "A"
    ]
    assert len(paths) > 30  # the walk reaches the pages they work in, not just the dashboard
    problems = _walk(client, paths, english)
    assert not problems, "English in the Indonesian admin:\n" + "\n".join(
        f"{path}: {sorted(found)}" for path, found in sorted(problems.items())
    )


def test_an_article_sent_back_with_errors_explains_them_in_indonesian(world, english, settings):
    settings.MEDIA_ROOT = world.media_root
    client = Client()
    client.force_login(world.users["penulis"])
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", world.folder.pk])
    data = editor_form(client.get(url).content.decode())
    data["title"] = ""
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    found = english_in(response.content.decode(), response["Content-Type"], *english)
    assert not found, "English in the Indonesian admin:\n" + "\n".join(sorted(found))


def test_the_admin_scripts_have_every_wagtail_string_in_indonesian():
    """The JS catalogue (comments, the editor's toolbar, the sidebar) translates every Wagtail djangojs msgid."""
    response = Client().get(reverse("wagtailadmin_javascript_catalog"))
    english_js = Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    catalogue = translation.trans_real.DjangoTranslation("id", domain="djangojs")
    placeholders = re.compile(r"%\(\w+\)s|\W")
    missing = [
        e.msgid
        for e in polib.pofile(str(english_js))
        if catalogue.gettext(e.msgid) == e.msgid and placeholders.sub("", e.msgid)  # not a bare "%(a)s: %(b)s"
    ]
    assert response.status_code == 200
    assert not missing, "\n".join(missing)
