"""A comment's text: what is accepted, how it is cleaned before it is stored, and how it becomes HTML.

The rules, decided once:

- Refused, with a message saying why: empty text, text over ``KABAR_COMMENT_MAX_LENGTH`` characters
  (counted after cleaning), and text with control characters (NUL, the other C0 and C1 controls,
  U+FFFD left by bytes that were not UTF-8, noncharacters): that is binary, not something a reader typed.
- Removed silently, as they are invisible and only serve to hide words from the word list or to
  make text display in another order than it is stored: zero-width characters (U+200B, U+200C,
  U+2060 to U+2064, U+FEFF, U+180E, soft hyphen) and the bidirectional embeddings, overrides and
  isolates (U+202A to U+202E, U+2066 to U+2069). The zero-width joiner U+200D is kept between two
  non-letters, where it glues emoji such as 👨‍👩‍👧 together, and removed elsewhere.
- Kept: line breaks (Windows and old Mac ones become ``\\n``; more than one empty line in a row
  becomes one), any script and emoji, and anything that looks like HTML: it is text, and is
  escaped when shown.

Nothing is turned into HTML before it is stored: ``render_html`` escapes the text, makes links
of web addresses (``rel="nofollow ugc noopener"``) and keeps line breaks, at the last moment.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _

LINK_REL = "nofollow ugc noopener"
ZERO_WIDTH = {"\u200b", "\u200c", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff", "\u180e", "\u00ad"}
ZERO_WIDTH_JOINER = "\u200d"
BIDI_CONTROLS = {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}
KEPT_CONTROLS = {"\n", "\t"}
# http(s) addresses and www. ones; a link ends at white space, quotes or angle brackets.
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
TRAILING_PUNCTUATION = ".,;:!?"
CLOSING = {")": "(", "]": "[", "}": "{"}


class TextRefused(ValueError):
    """The text cannot be a comment; the message says why, in words for the reader."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def max_length() -> int:
    return settings.KABAR_COMMENT_MAX_LENGTH


def _is_binary(char: str) -> bool:
    if char in KEPT_CONTROLS:
        return False
    code = ord(char)
    return (
        unicodedata.category(char) in {"Cc", "Cs"}
        or char == "\ufffd"
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def _strip_invisible(text: str) -> str:
    kept = []
    for index, char in enumerate(text):
        if char in ZERO_WIDTH or char in BIDI_CONTROLS:
            continue
        if char == ZERO_WIDTH_JOINER:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not before or not after or before.isalnum() or after.isalnum() or before.isspace() or after.isspace():
                continue
        kept.append(char)
    return "".join(kept)


def normalise(raw: str, limit: int | None = None) -> str:
    """The text as it will be stored, or TextRefused saying why it cannot be a comment."""
    limit = max_length() if limit is None else limit
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if any(_is_binary(char) for char in text):
        raise TextRefused(
            _("The comment contains characters that are not text (control or binary characters). Please retype it."),
            "binary",
        )
    text = _strip_invisible(text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        raise TextRefused(_("Write something before sending."), "empty")
    if len(text) > limit:
        raise TextRefused(
            _("The comment is too long: %(length)s characters, at most %(limit)s.")
            % {"length": len(text), "limit": limit},
            "too_long",
        )
    return text


# --- links ------------------------------------------------------------------------------------


def _trim_url(url: str) -> str:
    """The address without punctuation that ends the sentence around it, or an unmatched bracket."""
    while url:
        last = url[-1]
        unmatched = last in CLOSING and url.count(last) > url.count(CLOSING[last])
        if last not in TRAILING_PUNCTUATION and not unmatched:
            break
        url = url[:-1]
    return url


def _is_address(url: str) -> bool:
    return bool(url) and url.lower().rstrip("/.") not in {"http:", "https:", "www"}


def links(text: str) -> list[str]:
    """The web addresses in the text, as they will be linked."""
    return [url for url in (_trim_url(match.group(0)) for match in URL.finditer(text)) if _is_address(url)]


def render_html(text: str) -> str:
    """Safe HTML for a stored comment: escaped, web addresses as links, line breaks kept."""
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url = _trim_url(match.group(0))
        if not _is_address(url):
            continue
        start = match.start()
        parts.append(escape(text[position:start]))
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        parts.append(f'<a href="{escape(href)}" rel="{LINK_REL}">{escape(url)}</a>')
        position = start + len(url)
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\n", "<br>\n")
    # A last guard: whatever went wrong above, only <a href> and <br> can come out.
    return nh3.clean(
        html, tags={"a", "br"}, attributes={"a": {"href"}}, url_schemes={"http", "https"}, link_rel=LINK_REL
    )


# --- the word list ----------------------------------------------------------------------------

DIGITS_FOR_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _fold(text: str) -> str:
    """Lower case, no accents, digits read as the letters they stand for, repeated letters once."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.lower().translate(DIGITS_FOR_LETTERS)
    return re.sub(r"(\w)\1+", r"\1", text)


def _variants(text: str) -> list[str]:
    """The text as a filter should read it: punctuation as space, and punctuation inside a word dropped
    ("a.n.j.i.n.g", "b-a-b-i")."""
    folded = _fold(text)
    joined = _fold(re.sub(r"(?<=\w)[^\w\s]+(?=\w)", "", unicodedata.normalize("NFKD", text)))
    return [folded, joined]


def word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({_fold(" ".join(word.split())) for word in words if word.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    body = "|".join(re.escape(word).replace(r"\ ", r"[\W_]+") for word in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def find_blocked_word(text: str, pattern: re.Pattern[str] | None) -> str | None:
    """The first word of the list that the text contains, as folded, or None."""
    if pattern is None:
        return None
    for variant in _variants(text):
        match = pattern.search(variant)
        if match:
            return " ".join(re.split(r"[\W_]+", match.group(0)))
    return None
