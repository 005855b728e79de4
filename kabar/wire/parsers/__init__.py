"""Agency formats behind one door: parse_document(bytes) → ParsedDocument, whatever came in.

The format is recognised from the bytes themselves, not trusted from a file name or a
Content-Type header: a drop folder mixes formats, and servers mislabel feeds.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import re
from collections.abc import Iterator

from kabar.wire.parsers import newsml_g2, ninjs, rss, text
from kabar.wire.parsers.base import (
    ParsedDocument,
    ParsedItem,
    ParsedPhoto,
    ParseError,
    Refusal,
    check_size,
    storable,
)
from kabar.wire.parsers.xmlsafe import sniff_root

__all__ = [
    "ParseError",
    "ParsedDocument",
    "ParsedItem",
    "ParsedPhoto",
    "Refusal",
    "documents_language",
    "parse_document",
]

FEED_ROOTS = {"rss", "feed", "rdf"}
G2_ROOTS = {"newsitem", "newsmessage", "packageitem", "knowledgeitem", "conceptitem", "planningitem"}
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _first_character(data: bytes) -> str:
    """The first non-blank character, whichever Unicode encoding the document uses."""
    for bom, encoding in zip(BOMS, ("utf-8", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"), strict=True):
        if data.startswith(bom):
            return data[len(bom) : len(bom) + 400].decode(encoding, "ignore").lstrip()[:1]
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data[:400].decode("utf-16-be", "ignore").lstrip()[:1]
    if len(data) >= 2 and data[0] != 0 and data[1] == 0:
        return data[:400].decode("utf-16-le", "ignore").lstrip()[:1]
    return data[:400].decode("latin-1").lstrip()[:1]


# The language an import was told its documents are in (`kabar wire import --language`), for the
# items that do not say; set around the import with documents_language().
_DOCUMENTS_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("wire_documents_language", default="")


@contextlib.contextmanager
def documents_language(language: str) -> Iterator[None]:
    """Documents parsed inside this block are in `language` unless an item says otherwise."""
    token = _DOCUMENTS_LANGUAGE.set(language.strip())
    try:
        yield
    finally:
        _DOCUMENTS_LANGUAGE.reset(token)


# What a document needs to hold before a parser can give back NUL or a lone surrogate: a NUL byte
# (UTF-16 and UTF-32 are full of them), a JSON escape, a UTF-8 lead byte of U+D000-U+DFFF (json
# lets encoded surrogates through), or a character reference. Without any, no field is walked.
UNSTORABLE_MARKERS = (b"\x00", b"\\u", b"\xed", b"&#")


def parse_document(data: bytes, content_type: str = "", language: str = "") -> ParsedDocument:
    """Every item in the document, and every item refused with its reason; ParseError if none can be read.

    Whatever the format, every string that comes out is storable (no NUL, no lone surrogate).
    An item that does not say its language takes `language` (or documents_language()'s), the
    importer's word for the whole document, or without one the language its words show; else it
    stays without one.
    """
    document = _parse(_utf32_as_utf8(data), content_type)
    if any(marker in data for marker in UNSTORABLE_MARKERS):
        document = storable(document)
    language = language.strip() or _DOCUMENTS_LANGUAGE.get()
    for item in document.items:
        if not item.language:
            _fill_language(item, language)
    return document


def _fill_language(item: ParsedItem, language: str) -> None:
    if language:
        item.language = language
        item.notes.append(f"the item gave no language; read as {language}, as the import said")
        return
    detected = text.detect_language(f"{item.headline} {item.summary} {text.plain(item.body_html)}")
    if detected:
        item.language = detected
        item.notes.append(f"the item gave no language; its words read as {detected}")


UTF32_STARTS = {
    codecs.BOM_UTF32_BE: "utf-32",
    codecs.BOM_UTF32_LE: "utf-32",
    b"\x00\x00\x00<": "utf-32-be",
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00\x00\x00{": "utf-32-be",
    b"{\x00\x00\x00": "utf-32-le",
    b"\x00\x00\x00[": "utf-32-be",
    b"[\x00\x00\x00": "utf-32-le",
}
XML_DECLARATION_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")


def _utf32_as_utf8(data: bytes) -> bytes:
    """A UTF-32 document (either byte order, with or without BOM) re-encoded as UTF-8, which every
    reader here takes; its XML declaration is made to say so. Anything else is returned as it is."""
    encoding = UTF32_STARTS.get(data[:4])
    if encoding is None:
        return data
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError:
        return data  # not UTF-32 after all: refused below for what it is
    return XML_DECLARATION_ENCODING.sub(r"\1\2UTF-8\2", decoded.removeprefix("\ufeff"), count=1).encode("utf-8")


def _parse(data: bytes, content_type: str) -> ParsedDocument:
    check_size(data)
    if not data.strip():
        raise ParseError("the document is empty")
    first = _first_character(data)
    if first in ("{", "["):
        return ninjs.parse(data, content_type)
    if first != "<":
        raise ParseError("neither XML nor JSON: not a feed Kabar can read")
    root = sniff_root(data)
    if root == "html" or (not root and "html" in content_type.lower()):
        raise ParseError("an HTML page, not a feed: check the feed's URL")
    if root in FEED_ROOTS:
        return rss.parse(data, content_type)
    if root in G2_ROOTS:
        return newsml_g2.parse(data, content_type)
    if not root:
        raise ParseError("malformed XML: no root element could be read")
    raise ParseError(f"an XML document with root <{root}>, which is not RSS, Atom or NewsML-G2")
