"""XML from outside, read so that it can neither reach out nor blow up.

The parser never loads a DTD, never resolves an entity and never touches the network; a document
that declares entities of its own (the "billion laughs" and external-entity attacks) is refused
outright rather than read with its entities left unexpanded.
"""

from __future__ import annotations

from lxml import etree

from kabar.wire.parsers.base import ParseError, check_size


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _refuse_entities(tree: etree._ElementTree) -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError("the XML declares entities of its own; refused (entity expansion or external-entity attack)")


def parse_xml(data: bytes) -> etree._Element:
    """The document's root element, or ParseError saying plainly why not."""
    check_size(data)
    try:
        root = etree.fromstring(data, _parser(recover=False))
    except etree.XMLSyntaxError as error:
        message = str(error)
        if "encoding" in message.lower() or "utf-8" in message.lower():
            raise ParseError(f"the XML is not in the encoding it declares: {message}") from error
        raise ParseError(f"malformed XML: {message}") from error
    _refuse_entities(root.getroottree())
    return root


def sniff_root(data: bytes) -> str:
    """The local name of the root element, read leniently, for choosing a parser; '' if there is none."""
    check_size(data)
    try:
        root = etree.fromstring(data, _parser(recover=True))
    except etree.XMLSyntaxError:
        return ""
    if root is None:
        return ""
    _refuse_entities(root.getroottree())
    return etree.QName(root).localname.lower() if isinstance(root.tag, str) else ""


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
