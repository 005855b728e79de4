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
from collections.abc import Callable
from typing import Any

from kabar.wire.parsers.base import (
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
    plain_text,
    sanitise_body,
    text_to_html,
)

CAMEL_CASE_MARKERS = {"versionCreated", "pubStatus", "embargoedUntil", "firstCreated", "infoSources", "altIds"}
LIST_MARKERS = {"headlines", "bodies", "subjects", "infosources", "descriptions"}
PICTURE_TYPES = {"picture", "graphic"}


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
    """1, 2 or 3: from the declared standard version if there is one, else from the keys used."""
    standard = obj.get("standard") or obj.get("$standard")
    if isinstance(standard, dict):
        declared = str(standard.get("version", "")).strip()
        if declared[:1] in {"1", "2", "3"}:
            return int(declared[0])
    keys = set(obj)
    if keys & CAMEL_CASE_MARKERS:
        return 3
    if keys & LIST_MARKERS:
        return 2
    return 1


def _item(obj: dict[str, Any], major: int) -> ParsedItem:
    uri = obj.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise ValueError("the item has no uri to identify it")
    camel = major >= 3
    notes: list[str] = []
    pubstatus = str(obj.get("pubStatus" if camel else "pubstatus") or "usable").strip().lower()
    if pubstatus not in PUBSTATUSES:
        raise ValueError(f"unknown pubstatus {pubstatus!r}")
    version = obj.get("version")
    if major == 1:
        headline = obj.get("headline") or obj.get("title") or ""
        body = _body_v1(obj)
        summary = obj.get("description_text") or plain_text(obj.get("description_html") or "")
        subjects = [_subject(s) for s in obj.get("subject") or [] if isinstance(s, dict)]
        byline = obj.get("byline") or ""
    else:
        headline = _pick(obj.get("headlines"), camel) or obj.get("title") or ""
        body = _body_v2(obj.get("bodies"), camel)
        summary = plain_text(_pick(obj.get("descriptions"), camel))
        subjects = [_subject(s) for s in obj.get("subjects") or [] if isinstance(s, dict)]
        byline = obj.get("by") or ""
    return ParsedItem(
        agency_uri=clip(uri.strip(), 500),
        agency_version=str(version).strip() if version not in (None, "") else "",
        version_created=parse_when(obj.get("versionCreated" if camel else "versioncreated"), "versioncreated", notes),
        headline=clip(plain_text(str(headline)), 500),
        body_html=body,
        summary=summary,
        urgency=parse_urgency(obj.get("urgency")),
        language=str(obj.get("language") or "").strip(),
        located=clip(plain_text(str(obj.get("located") or "")), 200),
        byline=clip(plain_text(str(byline)), 300),
        ednote=plain_text(str(obj.get("edNote" if camel else "ednote") or "")),
        photos=_photos(obj, major),
        subjects=[s for s in subjects if s["name"] or s["code"]],
        pubstatus=pubstatus,
        embargoed_until=parse_when(obj.get("embargoedUntil" if camel else "embargoed"), "embargoed", notes),
        notes=notes,
    )


def _body_v1(obj: dict[str, Any]) -> str:
    if isinstance(obj.get("body_html"), str):
        return sanitise_body(obj["body_html"])
    if isinstance(obj.get("body_text"), str):
        return text_to_html(obj["body_text"])
    for key, value in obj.items():
        if key.startswith("body_") and isinstance(value, str):
            return sanitise_body(value) if "html" in key else text_to_html(value)
    return ""


def _body_v2(bodies: Any, camel: bool) -> str:
    if not isinstance(bodies, list):
        return ""
    entries = [b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)]
    type_key = "contentType" if camel else "contenttype"
    # The main body in HTML if there is one, else the first in HTML, else the first as plain text.
    preferences: tuple[Callable[[dict[str, Any]], bool], ...] = (
        lambda b: _is_html(b.get(type_key)) and b.get("role") in (None, "", "main"),
        lambda b: _is_html(b.get(type_key)),
    )
    for wanted in preferences:
        for body in entries:
            if wanted(body):
                return sanitise_body(body["value"])
    return text_to_html(entries[0]["value"]) if entries else ""


def _is_html(content_type: Any) -> bool:
    return isinstance(content_type, str) and ("html" in content_type.lower())


def _pick(entries: Any, camel: bool) -> str:
    """The main headline or description from a 2.x/3.x list: role "main" first, else the first one."""
    if not isinstance(entries, list):
        return ""
    usable = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for entry in usable:
        if entry.get("role") in ("main", "summary"):
            return str(entry["value"])
    return str(usable[0]["value"]) if usable else ""


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
            caption = source.get("description_text") or source.get("body_text") or source.get("headline") or ""
        else:
            caption = _pick(source.get("descriptions"), major >= 3) or _pick(source.get("headlines"), major >= 3)
        photos.append(
            ParsedPhoto(
                href=rendition["href"],
                width=_number(rendition.get("width")),
                height=_number(rendition.get("height")),
                caption=clip(plain_text(str(caption)), 500),
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
