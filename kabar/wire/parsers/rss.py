"""RSS 2.0 and Atom 1.0 feeds, read with feedparser.

An entry is identified by its guid (RSS) or id (Atom), or failing that its link. RSS has no
version numbers, so a changed entry is recognised by its content (see services.ingest_item).
"""

from __future__ import annotations

import io
from typing import Any

import feedparser

from kabar.wire.parsers.article_html import story_body
from kabar.wire.parsers.base import (
    ParsedDocument,
    ParsedItem,
    ParsedPhoto,
    ParseError,
    Refusal,
    clip,
    parse_when,
    text_to_html,
)
from kabar.wire.parsers.text import plain

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def parse(data: bytes, content_type: str = "") -> ParsedDocument:
    # A stream, never bytes or a string: feedparser fetches anything that looks like a URL or a path.
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-type": content_type or "application/xml"},
        # Kabar sanitises bodies itself (nh3) and keeps text fields as text: feedparser's own sanitiser
        # would drop a headline's tag-like words ("<digugat>") before they could be kept.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise ParseError(f"not an RSS or Atom feed{f': {reason}' if reason else ''}")
    document = ParsedDocument(format="atom" if version.startswith("atom") else "rss")
    bozo = parsed.get("bozo_exception")
    if bozo is not None:
        name = type(bozo).__name__
        if name == "CharacterEncodingOverride":
            document.notes.append(f"the feed's declared encoding was wrong; read as {parsed.get('encoding')}")
        elif name not in {"NonXMLContentType"}:
            document.notes.append(f"the feed is not well-formed; read leniently ({bozo})")
    feed_language = (parsed.feed.get("language") or "").strip()
    feed_link = str(parsed.feed.get("link") or "")
    for position, entry in enumerate(parsed.entries, start=1):
        try:
            document.items.append(_item(entry, feed_language, feed_link))
        except ValueError as error:
            uri = entry.get("id") or entry.get("link") or ""
            document.refused.append(Refusal(position, uri, str(error)))
    return document


def _text(entry: Any, name: str) -> str:
    """A text construct as text: HTML read as HTML (tags out, entities decoded), plain text kept as it is."""
    detail = entry.get(f"{name}_detail") or {}
    value = str(entry.get(name, "") or "")
    if detail.get("type") in HTML_TYPES:
        return plain(value)
    return " ".join(value.split())


def _item(entry: Any, feed_language: str, feed_link: str) -> ParsedItem:
    uri = (entry.get("id") or entry.get("link") or "").strip()
    if not uri:
        raise ValueError("the entry has neither a guid/id nor a link to identify it")
    notes: list[str] = []
    # Read as a plain dict: feedparser's own get() maps a missing "updated" to "published", with a warning.
    raw_published, raw_updated = dict.get(entry, "published"), dict.get(entry, "updated")
    published = parse_when(raw_published, "published", notes)
    updated = parse_when(raw_updated, "updated", notes) if raw_updated != raw_published else None
    link = str(entry.get("link", "") or "")
    link = link if link.startswith(("http://", "https://")) else ""
    headline = _text(entry, "title")
    item = ParsedItem(
        agency_uri=clip(uri, 500),
        headline=clip(headline, 500),
        body_html=_body(entry, headline, link or (feed_link if feed_link.startswith(("http://", "https://")) else "")),
        summary=_text(entry, "summary") if entry.get("content") else "",
        version_created=updated or published,
        language=(entry.get("title_detail", {}).get("language") or feed_language or "").strip(),
        byline=clip(plain(str(entry.get("author", "") or "")), 300),
        link=link,
        photos=_photos(entry),
        subjects=[{"name": t["term"], "code": t.get("scheme") or ""} for t in entry.get("tags", []) if t.get("term")],
        notes=notes,
    )
    return item


def _body(entry: Any, headline: str, base_url: str) -> str:
    # content:encoded (RSS) and <content> (Atom) carry the full story; <description>/<summary> a teaser.
    # Relative links are resolved against the entry's xml:base, else its link, else the feed's.
    for content in entry.get("content", []):
        if content.get("type") in HTML_TYPES and content.get("value"):
            return story_body(content["value"], headline=headline, base_url=_base(content, base_url))
    summary = entry.get("summary_detail") or {}
    if summary.get("value"):
        if summary.get("type") in HTML_TYPES:
            return story_body(summary["value"], headline=headline, base_url=_base(summary, base_url))
        return text_to_html(summary["value"])
    return ""


def _base(detail: Any, fallback: str) -> str:
    base = str(detail.get("base") or "")
    return base if base.startswith(("http://", "https://")) else fallback


def _photos(entry: Any) -> list[ParsedPhoto]:
    photos: list[ParsedPhoto] = []
    seen: set[str] = set()
    candidates = [
        *[(m.get("url"), m.get("type", ""), m.get("width"), m.get("height")) for m in entry.get("media_content", [])],
        *[(m.get("url"), "image/jpeg", m.get("width"), m.get("height")) for m in entry.get("media_thumbnail", [])],
        *[
            (link.get("href"), link.get("type", ""), None, None)
            for link in entry.get("links", [])
            if link.get("rel") == "enclosure"
        ],
    ]
    for href, content_type, width, height in candidates:
        if not href or href in seen or not href.startswith(("http://", "https://")):
            continue
        if content_type and not content_type.startswith("image/"):
            continue
        seen.add(href)
        photos.append(ParsedPhoto(href=href, width=_int(width), height=_int(height), content_type=content_type or ""))
    return photos


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
