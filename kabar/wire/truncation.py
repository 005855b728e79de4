"""Documents that end before they are done: a file caught mid-upload, a download cut short.

A ninjs document ends with the bracket that closes it, an XML document with its root element's
end tag. One that does not is incomplete: in a drop folder it is probably still being written,
and waits; anywhere else it is refused, except an RSS or Atom feed, which keeps its complete
entries and loses the last, cut one (feed readers are lenient enough to read the rest, and would
otherwise make an empty entry of it).

Only documents in an encoding that keeps ASCII as bytes (UTF-8, Latin-1 and the like) are
checked; UTF-16 and UTF-32 documents are left to the parsers.
"""

from __future__ import annotations

import re

LEADING_XML = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
TRAILING_MISC = re.compile(rb"(?:\s+|<!--.*?-->|<\?.*?\?>)*\Z", re.DOTALL)
FEED_ROOTS = {b"rss", b"feed", b"rdf"}
ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")
ENTRY_START = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


def _root(data: bytes) -> bytes:
    """The XML document's root element's name as written (prefix included), or b'' if none is found."""
    start = LEADING_XML.match(data)
    match = START_TAG.match(data, start.end() if start else 0)
    return match.group(1) if match else b""


def is_incomplete(data: bytes) -> bool:
    """Whether the document visibly ends before it is finished."""
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] in (b"{", b"["):
        return not data.rstrip(b" \t\r\n\x00").endswith((b"}", b"]"))
    if body[:1] != b"<":
        return False
    root = _root(data)
    if not root:
        return False
    ends = list(re.finditer(rb"</" + re.escape(root) + rb"\s*>", data[-65536:]))
    if not ends:
        return True
    tail = data[-65536:][ends[-1].end() :]
    return TRAILING_MISC.fullmatch(tail) is None


def is_feed(data: bytes) -> bool:
    return _root(data).rsplit(b":", 1)[-1].lower() in FEED_ROOTS


def complete_entries(data: bytes) -> bytes:
    """An incomplete RSS or Atom feed up to the end of its last complete entry; any other document as it is."""
    if not is_feed(data) or not is_incomplete(data):
        return data
    ends = list(ENTRY_END.finditer(data))
    if ends:
        return data[: ends[-1].end()]
    first = ENTRY_START.search(data)
    return data[: first.start()] if first else data
