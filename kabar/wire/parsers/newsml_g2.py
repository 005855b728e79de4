"""IPTC NewsML-G2: a single <newsItem>, or a <newsMessage> carrying several items in its <itemSet>.

    newsItem @guid @version
    ├── itemMeta     itemClass, provider, versionCreated, embargoed, pubStatus, signal*
    ├── contentMeta  urgency, located, headline, dateline, by, creditline, subject*, description,
    │                infoSource, language
    └── contentSet   inlineXML (NITF body.content or an XHTML body), inlineData (plain text),
                     remoteContent* (renditions: photos are kept as links)

Read through xmlsafe: no DTD, no entities, no network.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from kabar.wire.parsers.article_html import resolve_links, story_body
from kabar.wire.parsers.base import (
    ITEM_TYPES,
    PUBSTATUSES,
    ParsedDocument,
    ParsedItem,
    ParsedPhoto,
    ParseError,
    Refusal,
    clip,
    parse_urgency,
    parse_when,
    sanitise_body,
    text_to_html,
)
from kabar.wire.parsers.xmlsafe import local, parse_xml

NAR = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"g2": NAR}
# NITF's own names for what HTML calls otherwise; everything else is left to the sanitiser.
NITF_TO_HTML = {"hl1": "h2", "hl2": "h3", "block": "div", "bq": "blockquote", "credit": "p", "tagline": "p"}
SUMMARY_ROLES = ("summary", "abstract", "description", "")
CAPTION_ROLES = ("caption", "summary", "description", "")
CREDIT_ROLE_WORDS = ("credit", "copyright", "rights", "usage", "source", "byline")
NOT_BODY = {"media", "note", "fn", "body.head", "body.end", "head", "title", "script", "style"}


def parse(data: bytes, content_type: str = "") -> ParsedDocument:
    root = parse_xml(data)
    name = local(root)
    if etree.QName(root).namespace != NAR:
        raise ParseError(f"<{name}> is not in the NewsML-G2 namespace ({NAR})")
    if name == "newsItem":
        candidates = [root]
    elif name == "newsMessage":
        item_set = root.find("g2:itemSet", NS)
        candidates = list(item_set) if item_set is not None else []
    else:
        raise ParseError(f"a NewsML-G2 <{name}> is not a news item or a news message")
    document = ParsedDocument(format="newsml-g2")
    position = 0
    for element in candidates:
        if not isinstance(element.tag, str):
            continue
        position += 1
        guid = element.get("guid", "")
        if local(element) != "newsItem":
            document.refused.append(Refusal(position, guid, f"a <{local(element)}> is not a news item"))
            continue
        try:
            document.items.append(_item(element))
        except ValueError as error:
            document.refused.append(Refusal(position, guid, str(error)))
    return document


def _text(parent: etree._Element | None, path: str) -> str:
    if parent is None:
        return ""
    element = parent.find(path, NS)
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _code(qcode: str | None) -> str:
    """'stat:canceled' → 'canceled'."""
    return (qcode or "").rsplit(":", 1)[-1].strip().lower()


def _concept_name(element: etree._Element | None) -> str:
    if element is None:
        return ""
    name = element.find("g2:name", NS)
    if name is not None:
        return " ".join("".join(name.itertext()).split())
    return element.get("literal", "") or " ".join("".join(element.itertext()).split())


def _item(element: etree._Element) -> ParsedItem:
    guid = (element.get("guid") or "").strip()
    if not guid:
        raise ValueError("the newsItem has no guid to identify it")
    notes: list[str] = []
    item_meta = element.find("g2:itemMeta", NS)
    content_meta = element.find("g2:contentMeta", NS)
    if item_meta is None:
        raise ValueError("the newsItem has no itemMeta")
    pubstatus_element = item_meta.find("g2:pubStatus", NS)
    pubstatus = _code(pubstatus_element.get("qcode")) if pubstatus_element is not None else "usable"
    if pubstatus not in PUBSTATUSES:
        raise ValueError(f"unknown pubStatus {pubstatus!r}")
    signals = [_code(s.get("qcode")) for s in item_meta.findall("g2:signal", NS) if s.get("qcode")]
    body_html, nitf_head = _body(element.find("g2:contentSet", NS))
    headline = _headline(content_meta) or _text(nitf_head, ".//{*}hl1") or _text(nitf_head, ".//{*}hedline")
    language_element = content_meta.find("g2:language", NS) if content_meta is not None else None
    language = (language_element.get("tag") if language_element is not None else "") or element.get(XML_LANG) or ""
    located = _concept_name(content_meta.find("g2:located", NS)) if content_meta is not None else ""
    subjects = []
    for subject in content_meta.findall("g2:subject", NS) if content_meta is not None else []:
        entry = {"name": _concept_name(subject), "code": subject.get("qcode") or subject.get("uri") or ""}
        if entry["name"] or entry["code"]:
            subjects.append(entry)
    byline = _text(content_meta, "g2:by") or _text(nitf_head, ".//{*}byline")
    if not byline and content_meta is not None:
        byline = ", ".join(filter(None, (_concept_name(c) for c in content_meta.findall("g2:creator", NS))))
    item_class = item_meta.find("g2:itemClass", NS)
    return ParsedItem(
        agency_uri=clip(guid, 500),
        item_type=ITEM_TYPES.get(_code(item_class.get("qcode") if item_class is not None else ""), "text"),
        agency_version=(element.get("version") or "").strip(),
        version_created=parse_when(_text(item_meta, "g2:versionCreated") or None, "versionCreated", notes),
        headline=clip(headline, 500),
        body_html=body_html,
        summary=_description(content_meta),
        urgency=parse_urgency(_text(content_meta, "g2:urgency")),
        language=language.strip(),
        located=clip(located, 200),
        dateline=clip(_text(content_meta, "g2:dateline"), 300),
        byline=clip(byline, 300),
        ednote=_text(item_meta, "g2:edNote"),
        photos=_photos(element, content_meta),
        subjects=subjects,
        pubstatus=pubstatus,
        signals=signals,
        embargoed_until=parse_when(_text(item_meta, "g2:embargoed") or None, "embargoed", notes),
        notes=notes,
    )


def _headline(content_meta: etree._Element | None) -> str:
    if content_meta is None:
        return ""
    headlines = content_meta.findall("g2:headline", NS)
    for headline in headlines:
        if _code(headline.get("role")) in ("", "main", "headline"):
            return " ".join("".join(headline.itertext()).split())
    return " ".join("".join(headlines[0].itertext()).split()) if headlines else ""


def _description(content_meta: etree._Element | None, roles: tuple[str, ...] = SUMMARY_ROLES) -> str:
    """The description in the first of `roles` present, else the first that is not a credit line.

    XML has already decoded its entities: the text is used as it is, "<digugat>" and all.
    """
    if content_meta is None:
        return ""
    descriptions = [
        d
        for d in content_meta.findall("g2:description", NS)
        if not any(word in _code(d.get("role")) for word in CREDIT_ROLE_WORDS) and "".join(d.itertext()).strip()
    ]
    for role in roles:
        for description in descriptions:
            if _code(description.get("role")) == role:
                return " ".join("".join(description.itertext()).split())
    return " ".join("".join(descriptions[0].itertext()).split()) if descriptions else ""


def _body(content_set: etree._Element | None) -> tuple[str, etree._Element | None]:
    """The story's HTML, and NITF's body.head (a fallback for headline and byline) if there is one."""
    if content_set is None:
        return "", None
    for inline in content_set.findall("g2:inlineXML", NS):
        children = [c for c in inline if isinstance(c.tag, str)]
        if not children:
            continue
        document = copy.deepcopy(children[0])
        head = document.find(".//{*}body.head")
        container = document.find(".//{*}body.content")
        if container is None:
            container = document.find(".//{*}body") if local(document) != "body" else document
        if container is None:
            container = document
        # No base address in NewsML-G2: a relative link would point into Kabar's own site, so it goes.
        return resolve_links(_to_html(container), ""), head
    for inline in content_set.findall("g2:inlineData", NS):
        text = "".join(inline.itertext())
        if "html" in (inline.get("contenttype") or ""):
            return story_body(text), None
        return text_to_html(text), None
    return "", None


def nitf_to_html(source: str) -> str:
    """An NITF document (or its <body.content>) given as a string, as body HTML; "" if it is not readable XML."""
    # The string is already decoded: an XML declaration naming another encoding would now be false.
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", source)
    try:
        document = parse_xml(source.strip().encode("utf-8"))
    except ParseError:
        return ""
    container = document.find(".//{*}body.content")
    if container is None:
        container = document if local(document) == "body.content" else document.find(".//{*}body")
    return _to_html(container if container is not None else document)


def _to_html(container: etree._Element) -> str:
    for element in list(container.iter()):
        if not isinstance(element.tag, str):
            continue
        name = local(element)
        if name in NOT_BODY and element is not container:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        element.tag = NITF_TO_HTML.get(name, name)
        for attribute in list(element.attrib):
            if attribute != "href":
                del element.attrib[attribute]
    etree.cleanup_namespaces(container)
    inner = (container.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in container
    )
    return sanitise_body(inner)


def _photos(element: etree._Element, content_meta: etree._Element | None) -> list[ParsedPhoto]:
    content_set = element.find("g2:contentSet", NS)
    if content_set is None:
        return []
    caption = _description(content_meta, CAPTION_ROLES) or _headline(content_meta)
    renditions = []
    for remote in content_set.findall("g2:remoteContent", NS):
        href = remote.get("href") or ""
        content_type = remote.get("contenttype") or ""
        if not href.startswith(("http://", "https://")) or (content_type and not content_type.startswith("image/")):
            continue
        renditions.append(
            ParsedPhoto(
                href=href,
                width=_int(remote.get("width")),
                height=_int(remote.get("height")),
                caption=clip(caption, 500),
                content_type=content_type,
                name=_code(remote.get("rendition")),
            )
        )
    # The renditions are one picture in several sizes: the largest is the one an editor would use.
    return [max(renditions, key=lambda p: p.width or 0)] if renditions else []


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
