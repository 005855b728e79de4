"""Agency formats behind one door: parse_document(bytes) → ParsedDocument, whatever came in.

The format is recognised from the bytes themselves, not trusted from a file name or a
Content-Type header: a drop folder mixes formats, and servers mislabel feeds.
"""

from __future__ import annotations

import codecs

from kabar.wire.parsers import newsml_g2, ninjs, rss
from kabar.wire.parsers.base import ParsedDocument, ParsedItem, ParsedPhoto, ParseError, Refusal, check_size
from kabar.wire.parsers.xmlsafe import sniff_root

__all__ = ["ParseError", "ParsedDocument", "ParsedItem", "ParsedPhoto", "Refusal", "parse_document"]

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


def parse_document(data: bytes, content_type: str = "") -> ParsedDocument:
    """Every item in the document, and every item refused with its reason; ParseError if none can be read."""
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
