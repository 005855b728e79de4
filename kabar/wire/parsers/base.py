"""What every wire parser returns, whatever the agency's format, and the checks they share."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Any

import nh3
from django.conf import settings

from kabar.wire.parsers import markup, text

# What survives in a wire body: text structure and links, nothing that runs or loads.
BODY_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "sub",
    "sup",
    "s",
}
BODY_ATTRIBUTES = {"a": {"href"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "noscript", "template"}

PUBSTATUSES = {"usable", "withheld", "canceled"}
# What an item is (ninjs "type", NewsML-G2's itemClass), as the desk's item types.
ITEM_TYPES = {
    "text": "text",
    "composite": "text",
    "picture": "picture",
    "graphic": "graphic",
    "video": "video",
    "audio": "audio",
    "event": "event",
    "planning": "event",
}
NO_TIME_ZONE_NOTE = "{field} had no time zone; read as UTC"


class ParseError(ValueError):
    """The document as a whole cannot be read: nothing in it is ingested."""


@dataclass(frozen=True)
class ParsedPhoto:
    """A picture the agency offers by reference; Kabar keeps the link, not the file."""

    href: str
    width: int | None = None
    height: int | None = None
    caption: str = ""
    content_type: str = ""
    name: str = ""


@dataclass
class ParsedItem:
    agency_uri: str
    headline: str = ""
    body_html: str = ""
    summary: str = ""
    agency_version: str = ""
    version_created: dt.datetime | None = None
    urgency: int | None = None
    language: str = ""
    located: str = ""
    dateline: str = ""
    byline: str = ""
    ednote: str = ""
    link: str = ""
    item_type: str = "text"
    photos: list[ParsedPhoto] = field(default_factory=list)
    subjects: list[dict[str, str]] = field(default_factory=list)
    pubstatus: str = "usable"
    signals: list[str] = field(default_factory=list)
    embargoed_until: dt.datetime | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def is_kill(self) -> bool:
        return self.pubstatus in {"canceled", "withheld"} or any(
            s in {"kill", "withdrawal", "withdraw"} for s in self.signals
        )

    @property
    def agency_version_number(self) -> int | None:
        return int(self.agency_version) if self.agency_version.isdigit() else None

    def content(self) -> dict[str, Any]:
        """The item as JSON-ready data: what a version row stores."""
        data = asdict(self)
        for key in ("version_created", "embargoed_until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    def checksum(self, content: dict[str, Any] | None = None) -> str:
        """Identifies this content: the same item delivered twice has the same checksum."""
        content = dict(content if content is not None else self.content())
        content.pop("notes")  # how it was read, not what it says
        if content.get("item_type", "text") == "text":
            # Stored before items had a type: a text story keeps the checksum it had then.
            content.pop("item_type", None)
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Refusal:
    position: int
    agency_uri: str
    reason: str


@dataclass
class ParsedDocument:
    format: str
    items: list[ParsedItem] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# NUL, which PostgreSQL cannot store in text, and surrogates, which no encoder accepts. A str can
# hold a surrogate only alone: JSON's escaped pairs are joined into one character when read.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> str:
    """`text` without NUL and lone surrogates."""
    return UNSTORABLE.sub("", text) if UNSTORABLE.search(text) else text


def storable(value: Any) -> Any:
    """`value` (a parsed document, item, photo, refusal, or what they hold) with every string made storable.

    Every parser's output passes through here (parse_document), so no field can carry NUL or a lone
    surrogate into the database, the search index or a printed report.
    """
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: storable(getattr(value, f.name)) for f in fields(value) if f.init})
    return value


def max_document_bytes() -> int:
    return int(getattr(settings, "KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))


def check_size(data: bytes) -> None:
    limit = max_document_bytes()
    if len(data) > limit:
        raise ParseError(f"document is {len(data)} bytes, over the {limit}-byte limit")


BLOCK_START = re.compile(r"^<(p|h[234]|ul|ol|blockquote)[\s>]")
BLOCK_SPACE = re.compile(
    r"(</?(?:p|h[234]|ul|ol|li|blockquote)>|<br>)\s+|\s+(?=</?(?:p|h[234]|ul|ol|li|blockquote)[\s>])"
)


def sanitise_body(html: str) -> str:
    clean = nh3.clean(
        markup.tame(html, BODY_TAGS),
        tags=BODY_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=BODY_ATTRIBUTES,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
    # Blank space between blocks goes; between inline elements ("</em> <a") it is a word space and stays.
    clean = BLOCK_SPACE.sub(r"\1", clean)
    # Feeds often send a bare sentence as "HTML": it is still a paragraph.
    return clean if not clean or BLOCK_START.match(clean) else f"<p>{clean}</p>"


def plain_text(html: str) -> str:
    """Text for headlines, bylines, captions: HTML's tags out, other tag-like text kept, entities decoded."""
    return text.plain(html)


def text_to_html(text: str) -> str:
    """Plain-text bodies: a blank line separates paragraphs."""
    from django.utils.html import escape

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def parse_when(value: Any, field_name: str, notes: list[str]) -> dt.datetime | None:
    """An ISO 8601 or RFC 822 time as an aware datetime; a time with no zone is read as UTC and noted."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field_name} is not a date and time: {value!r}")
    text = value.strip()
    moment: dt.datetime | None = None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        raise ValueError(f"{field_name} is not a date and time: {text!r}")
    if moment.tzinfo is None:
        notes.append(NO_TIME_ZONE_NOTE.format(field=field_name))
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        # Stored in UTC: 9999-12-31T23:00-05:00 is in year 10000, which no database reads back.
        moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{field_name} is out of range: {text!r}") from None
    return moment


def parse_urgency(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 1 <= number <= 9 else None


def clip(text: str, length: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
