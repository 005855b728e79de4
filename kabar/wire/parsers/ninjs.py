"""IPTC ninjs (News in JSON), versions 1.x, 2.x and 3.x.

The three major versions name the same things differently:

    1.x  headline, body_html/body_text, byline, versioncreated, pubstatus, embargoed, subject,
         renditions and associations as objects keyed by name
    2.x  headlines[], bodies[], by, versioncreated, pubstatus, embargoed, subjects[],
         renditions[] and associations[] as lists of named objects (keys in lower case)
    3.x  as 2.x, with camelCase keys: versionCreated, pubStatus, embargoedUntil, contentType

A document is one ninjs object, or a JSON array of them (as agencies deliver a batch).
"""

from __future__ import annotations

import json
import re
from typing import Any

from kabar.wire.parsers.article_html import resolve_links, story_body
from kabar.wire.parsers.base import (
    ITEM_TYPES,
    PUBSTATUSES,
    ParsedDocument,
    ParsedItem,
    ParsedPhoto,
    ParseError,
    Refusal,
    check_size,
    clip,
    parse_urgency,
    parse_when,
    text_to_html,
)
from kabar.wire.parsers.newsml_g2 import nitf_to_html
from kabar.wire.parsers.text import plain

CAMEL_CASE_MARKERS = {"versionCreated", "pubStatus", "embargoedUntil", "firstCreated", "infoSources", "altIds"}
LIST_MARKERS = {"headlines", "bodies", "subjects", "infosources", "descriptions"}
# Lists of objects whose keys betray the version when the top level does not.
SHAPE_LISTS = ("bodies", "headlines", "descriptions", "renditions", "associations", "subjects", "places")
PICTURE_TYPES = {"picture", "graphic"}
# Description roles, most wanted first; "" is a description with no role.
SUMMARY_ROLES = ("summary", "abstract", "description", "main", "")
CAPTION_ROLES = ("caption", "summary", "description", "main", "")
CREDIT_ROLE_WORDS = ("credit", "copyright", "rights", "usage", "source", "byline", "provider")
CREDIT_KEYS = ("copyrightholder", "copyrightnotice", "creditline", "usageterms", "by", "byline", "provider")
WEB_LINKS = {"canonical", "self", "alternate", "irel:canonical", "irel:seeAlso"}
NITF_START = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!DOCTYPE[^>]*>\s*)?<(nitf|body\.content)[\s>]", re.I)
MARKUP = re.compile(r"</?(p|br|div|b|i|em|strong|a|ul|ol|li|h[1-6]|blockquote|html|body|article)[\s>/]", re.I)


def parse(data: bytes, content_type: str = "") -> ParsedDocument:
    check_size(data)
    try:
        decoded = json.loads(data)
    except UnicodeDecodeError as error:
        raise ParseError(f"the JSON is not valid UTF-8 (nor UTF-16/32): {error}") from error
    except json.JSONDecodeError as error:
        raise ParseError(f"malformed JSON: {error}") from error
    except RecursionError as error:
        raise ParseError("the JSON is nested too deeply") from error
    if isinstance(decoded, dict) and "uri" not in decoded and isinstance(decoded.get("items"), list):
        decoded = decoded["items"]
    objects = decoded if isinstance(decoded, list) else [decoded]
    document = ParsedDocument(format="ninjs")
    majors: set[int] = set()
    for position, obj in enumerate(objects, start=1):
        if not isinstance(obj, dict):
            document.refused.append(Refusal(position, "", "not a ninjs object"))
            continue
        major = major_version(obj)
        majors.add(major)
        try:
            document.items.append(_item(obj, major))
        except ValueError as error:
            uri = obj.get("uri")
            document.refused.append(Refusal(position, uri if isinstance(uri, str) else "", str(error)))
    if len(majors) == 1:
        document.format = f"ninjs-{majors.pop()}"
    return document


def major_version(obj: dict[str, Any]) -> int:
    """1, 2 or 3: from the declared standard version if there is one, else from the keys and shapes used.

    Many agencies leave out the standard, and an item may use none of the top-level keys that
    differ between versions: its lists of objects still tell (camelCase contentType inside the
    bodies, headlines, descriptions or renditions is 3.x; lower-case contenttype is 2.x).
    """
    standard = obj.get("standard") or obj.get("$standard")
    if isinstance(standard, dict):
        declared = str(standard.get("version", "")).strip()
        if declared[:1] in {"1", "2", "3"}:
            return int(declared[0])
    keys = set(obj)
    if keys & CAMEL_CASE_MARKERS:
        return 3
    inner = {key for name in SHAPE_LISTS for entry in _list(obj.get(name)) for key in entry}
    if "contentType" in inner:
        return 3
    if keys & LIST_MARKERS or "contenttype" in inner:
        return 2
    if any(isinstance(obj.get(name), list) for name in SHAPE_LISTS):
        return 2
    return 1


def _list(value: Any) -> list[dict[str, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _get(obj: dict[str, Any], *names: str) -> Any:
    """The first of `names` the object has: agencies mix 2.x and 3.x spellings of the same key."""
    for name in names:
        if obj.get(name) not in (None, ""):
            return obj[name]
    return None


def _item(obj: dict[str, Any], major: int) -> ParsedItem:
    uri = obj.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise ValueError("the item has no uri to identify it")
    notes: list[str] = []
    pubstatus = str(_get(obj, "pubStatus", "pubstatus") or "usable").strip().lower()
    if pubstatus not in PUBSTATUSES:
        raise ValueError(f"unknown pubstatus {pubstatus!r}")
    version = obj.get("version")
    base_url = _base_url(obj)
    if major == 1:
        headline = plain(str(obj.get("headline") or obj.get("title") or ""))
        body = _body_v1(obj, headline, base_url)
        summary = _description_v1(obj, SUMMARY_ROLES)
        subjects = [_subject(s) for s in obj.get("subject") or [] if isinstance(s, dict)]
        byline = obj.get("byline") or ""
    else:
        headline = plain(_pick(obj.get("headlines")) or str(obj.get("title") or ""))
        body = _body_v2(obj.get("bodies"), headline, base_url)
        summary = _description(obj, SUMMARY_ROLES)
        subjects = [_subject(s) for s in obj.get("subjects") or [] if isinstance(s, dict)]
        byline = obj.get("by") or obj.get("byline") or ""
    return ParsedItem(
        agency_uri=clip(uri.strip(), 500),
        agency_version=str(version).strip() if version not in (None, "") else "",
        version_created=parse_when(_get(obj, "versionCreated", "versioncreated"), "versioncreated", notes),
        item_type=item_type(obj.get("type")),
        headline=clip(headline, 500),
        body_html=body,
        summary=summary,
        urgency=parse_urgency(obj.get("urgency")),
        language=str(obj.get("language") or "").strip(),
        located=clip(plain(str(obj.get("located") or "")), 200),
        byline=clip(plain(str(byline)), 300),
        ednote=plain(str(_get(obj, "edNote", "ednote") or "")),
        photos=_photos(obj, major),
        subjects=[s for s in subjects if s["name"] or s["code"]],
        pubstatus=pubstatus,
        embargoed_until=parse_when(_get(obj, "embargoedUntil", "embargoed"), "embargoed", notes),
        notes=notes,
    )


def item_type(value: Any) -> str:
    """The desk's type for ninjs' (or NewsML-G2's ninat:) type; a package or anything unknown counts as text."""
    name = str(value or "").strip().lower().rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return ITEM_TYPES.get(name, "text")


def _base_url(obj: dict[str, Any]) -> str:
    """The item's own web address, against which relative links in its body are resolved."""
    for link in _list(obj.get("links")):
        href = link.get("href")
        if isinstance(href, str) and href.startswith(("http://", "https://")) and link.get("rel") in WEB_LINKS:
            return href
    uri = str(obj.get("uri") or "")
    return uri if uri.startswith(("http://", "https://")) else ""


def _body_v1(obj: dict[str, Any], headline: str, base_url: str) -> str:
    # Marked-up bodies keep links and emphasis: they come before the plain text.
    for key in ("body_html", "body_xhtml"):
        if isinstance(obj.get(key), str) and obj[key].strip():
            return story_body(obj[key], headline=headline, base_url=base_url)
    if isinstance(obj.get("body_text"), str):
        return text_to_html(obj["body_text"])
    for key, value in obj.items():
        if key.startswith("body_") and isinstance(value, str):
            return _body_of_kind(_kind(key.removeprefix("body_"), value), value, headline, base_url)
    return ""


def _body_v2(bodies: Any, headline: str, base_url: str) -> str:
    entries = [b for b in _list(bodies) if isinstance(b.get("value"), str) and b["value"].strip()]
    if not entries:
        return ""
    kinds = [(_kind(_get(b, "contentType", "contenttype"), b["value"]), b) for b in entries]
    # HTML first (it keeps links and emphasis), then plain text, then NITF converted, the main body of
    # each kind before any other: NITF read as text would put its XML source before the reader.
    for wanted in ("html", "text", "nitf"):
        of_kind = [b for kind, b in kinds if kind == wanted]
        of_kind.sort(key=lambda b: b.get("role") not in (None, "", "main"))
        for body in of_kind:
            html = _body_of_kind(wanted, body["value"], headline, base_url)
            if html:
                return html
    return ""


def _kind(content_type: Any, value: str) -> str:
    """ "html", "nitf" or "text": from the declared content type, else from what the value looks like."""
    declared = str(content_type or "").strip().lower()
    if "nitf" in declared:
        return "nitf"
    if "html" in declared or declared.endswith("xml"):
        return "nitf" if NITF_START.match(value) else "html"
    if declared:
        return "text"
    if NITF_START.match(value):
        return "nitf"
    return "html" if MARKUP.search(value) else "text"


def _body_of_kind(kind: str, value: str, headline: str, base_url: str) -> str:
    if kind == "nitf":
        return resolve_links(nitf_to_html(value), base_url)
    if kind == "html":
        return story_body(value, headline=headline, base_url=base_url)
    return text_to_html(value)


def _role(entry: dict[str, Any]) -> str:
    """A role as its last word: "drol:caption" and "caption" are the same role."""
    return str(entry.get("role") or "").strip().lower().rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def _is_credit(role: str) -> bool:
    return any(word in role for word in CREDIT_ROLE_WORDS)


def _pick(entries: Any) -> str:
    """The main headline from a 2.x/3.x list: role "main" first, else the first one."""
    usable = [e for e in _list(entries) if isinstance(e.get("value"), str)]
    for entry in usable:
        if _role(entry) in ("main", "summary", "headline"):
            return str(entry["value"])
    return str(usable[0]["value"]) if usable else ""


def _description(obj: dict[str, Any], roles: tuple[str, ...]) -> str:
    """The description in the first of `roles` present, else the first one with no role or a role not
    listed; never a credit or copyright line, nor a text that merely repeats the item's credit."""
    credits = _credit_texts(obj)
    usable = [
        e
        for e in _list(obj.get("descriptions"))
        if isinstance(e.get("value"), str)
        and e["value"].strip()
        and not _is_credit(_role(e))
        and plain(e["value"]).lower() not in credits
    ]
    for role in roles:
        for entry in usable:
            if _role(entry) == role:
                return plain(entry["value"])
    return plain(usable[0]["value"]) if usable else ""


def _description_v1(obj: dict[str, Any], roles: tuple[str, ...]) -> str:
    credits = _credit_texts(obj)
    candidates = [f"description_{role}" for role in roles if role] + ["description_text", "description_html"]
    for key in candidates:
        value = obj.get(key)
        if isinstance(value, str) and value.strip() and plain(value).lower() not in credits:
            return plain(value)
    return ""


def _credit_texts(obj: dict[str, Any]) -> set[str]:
    texts = {plain(str(obj[key])).lower() for key in CREDIT_KEYS if isinstance(obj.get(key), str)}
    return texts - {""}


def _subject(subject: dict[str, Any]) -> dict[str, str]:
    code = subject.get("uri") or subject.get("code") or subject.get("literal") or ""
    if subject.get("scheme") and subject.get("code"):
        code = f"{subject['scheme']}:{subject['code']}"
    return {"name": str(subject.get("name") or "").strip(), "code": str(code).strip()}


def _renditions(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):  # 1.x: {"name": {...}}
        return [{"name": name, **r} for name, r in value.items() if isinstance(r, dict)]
    if isinstance(value, list):  # 2.x, 3.x: [{"name": ...}]
        return [r for r in value if isinstance(r, dict)]
    return []


def _associations(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [{"name": name, **a} for name, a in value.items() if isinstance(a, dict)]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []


def _best_rendition(renditions: list[dict[str, Any]]) -> dict[str, Any] | None:
    images = [
        r
        for r in renditions
        if isinstance(r.get("href"), str)
        and r["href"].startswith(("http://", "https://"))
        and str(r.get("contentType") or r.get("contenttype") or r.get("mimetype") or "image/").startswith("image/")
    ]
    return max(images, key=lambda r: _number(r.get("width")) or 0, default=None)


def _photos(obj: dict[str, Any], major: int) -> list[ParsedPhoto]:
    photos: list[ParsedPhoto] = []
    sources = []
    if obj.get("type") in PICTURE_TYPES:
        sources.append(obj)
    sources += [
        a for a in _associations(obj.get("associations")) if a.get("type") in PICTURE_TYPES or a.get("renditions")
    ]
    for source in sources:
        rendition = _best_rendition(_renditions(source.get("renditions")))
        if rendition is None:
            continue
        if major == 1:
            caption = _description_v1(source, CAPTION_ROLES) or plain(str(source.get("body_text") or ""))
            caption = caption or plain(str(source.get("headline") or ""))
        else:
            caption = _description(source, CAPTION_ROLES) or plain(_pick(source.get("headlines")))
        photos.append(
            ParsedPhoto(
                href=rendition["href"],
                width=_number(rendition.get("width")),
                height=_number(rendition.get("height")),
                caption=clip(caption, 500),
                content_type=str(
                    rendition.get("contentType") or rendition.get("contenttype") or rendition.get("mimetype") or ""
                ),
                name=str(source.get("name") or rendition.get("name") or ""),
            )
        )
    return photos


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    return None
