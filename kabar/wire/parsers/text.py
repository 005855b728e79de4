"""Agency text fields as text: headlines, bylines, places, notes, summaries and captions.

Agencies put anything in these fields: plain text ("AT&T"), HTML ("<b>AT&amp;T</b>"), or text
that merely looks like a tag ("Johnson & Johnson <digugat> di AS"). What is stored is what a
reader should see: tags that HTML knows are removed, anything else stays as written, and
entities are decoded. Only complete entities (with their semicolon) are decoded, so "AT&T" and
"R&D" never turn into something else, as a browser's lenient reading of "&not" or "&para" would.
"""

from __future__ import annotations

import html
import re

# The elements of HTML (and a few obsolete ones agencies still send): a tag-like word outside
# this list is the agency's text, not markup.
HTML_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)
# Inline elements join their text to the words around them; any other tag separates words.
INLINE_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "dfn",
        "em",
        "font",
        "i",
        "kbd",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    ]
)

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*)?)/?>")
# Where a comment or an element dropped with its content starts; each is cut up to its end by str.find,
# so a field of many unclosed "<script>" or "<!--" costs one pass, not one pass per opener.
HIDDEN_START = re.compile(r"<!--|<(script|style|iframe|object|noscript|template)\b[^<>]*>", re.IGNORECASE)
ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """Complete character references decoded; a bare "&" (as in "AT&T") left alone."""
    if "&" not in text:
        return text
    return ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def plain(value: str) -> str:
    """`value` as text: HTML's own tags removed, other tag-like text kept, entities decoded, spaces collapsed."""
    text = value or ""
    if "<" in text:
        text = TAG.sub(_strip_tag, _without_hidden(text))
    return " ".join(decode_entities(text).split())


def _without_hidden(text: str) -> str:
    """`text` without comments and without script, style and the like, content and all (to the end if unclosed)."""
    kept: list[str] = []
    position = 0
    lowered = ""
    while (match := HIDDEN_START.search(text, position)) is not None:
        kept.append(text[position : match.start()])
        if match.group(1) is None:
            end, closer = text.find("-->", match.end()), "-->"
        else:
            lowered = lowered or text.lower()
            closer = f"</{match.group(1).lower()}"
            end = lowered.find(closer, match.end())
            if end >= 0:
                end = max(text.find(">", end), end)
                closer = ">"
        if end < 0:
            return " ".join(kept)
        position = end + len(closer)
        kept.append(" ")
    kept.append(text[position:])
    return "".join(kept)


def _strip_tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name not in HTML_ELEMENTS:
        return match.group(0)
    return "" if name in INLINE_ELEMENTS else " "


# The commonest function words of each language, none shared: enough to tell a story's language
# from a few sentences, and cheap. A text with too few of them is left undecided.
INDONESIAN_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "dengan",
        "untuk",
        "ini",
        "itu",
        "pada",
        "tidak",
        "dalam",
        "akan",
        "juga",
        "adalah",
        "oleh",
        "sebagai",
        "karena",
        "atau",
        "telah",
        "sudah",
        "kata",
        "ada",
        "bisa",
        "mereka",
        "kami",
        "kita",
        "saat",
        "tersebut",
        "para",
        "lebih",
        "setelah",
        "belum",
        "masih",
        "namun",
        "bahwa",
    ]
)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "on",
        "with",
        "was",
        "as",
        "by",
        "at",
        "from",
        "it",
        "said",
        "has",
        "have",
        "are",
        "be",
        "this",
        "will",
        "an",
        "were",
        "after",
        "their",
        "not",
        "which",
        "would",
        "been",
        "but",
        "who",
        "its",
        "than",
        "had",
        "also",
    ]
)
WORD = re.compile(r"[a-z]+")
ENOUGH_WORDS = 3


def detect_language(text: str) -> str:
    """ "id" or "en" when the text says so clearly, else ""."""
    indonesian = english = 0
    for count, match in enumerate(WORD.finditer(text.lower())):
        if count >= 3000:
            break
        word = match.group(0)
        indonesian += word in INDONESIAN_WORDS
        english += word in ENGLISH_WORDS
    if max(indonesian, english) < ENOUGH_WORDS:
        return ""
    if indonesian >= 2 * english:
        return "id"
    if english >= 2 * indonesian:
        return "en"
    return ""
