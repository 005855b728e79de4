"""Agency markup too deep or too large to sanitise in good time, made flat before the sanitiser sees it.

nh3's HTML parser looks through the open elements at every tag, so its time grows with the square
of the nesting depth: 40,000 nested <div>s take seconds, 200,000 take minutes, and a worker reading
such a body stops reading every feed. A linear scan measures depth and tag count first. A body
past the depth loses the wrappers the desk drops anyway (<div>, <span>, <section>…) and keeps its
paragraphs, links and emphasis; if what is left is still too deep, or the body has too many tags,
it is kept as its text alone.
"""

from __future__ import annotations

import functools
import html as html_lib
import re

from django.utils.html import escape

# Real agency bodies nest a dozen levels at most; a hundred leaves room and costs nh3 nothing.
MAX_DEPTH = 100
MAX_TAGS = 100_000

TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# Never text for the reader: dropped with their content, as the sanitiser would drop them.
DROPPED_NAMES = ("script", "style", "iframe", "object", "noscript", "template", "title", "head", "!--")
DROPPED_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|noscript|template|title|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


def too_deep(markup: str) -> bool:
    """Whether tags nest deeper than MAX_DEPTH or are more than MAX_TAGS, by a scan that stops once they do."""
    depth = tags = 0
    for match in TAG_START.finditer(markup):
        tags += 1
        if match.group(1):
            depth = depth - 1 if depth else 0
        # "<div/>" opens a div in HTML, as the sanitiser reads it: only void elements never nest.
        elif match.group(2).lower() not in VOID:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return tags > MAX_TAGS


def tame(markup: str, kept_tags: set[str]) -> str:
    """`markup` as it is when the sanitiser can take it quickly, else flattened as above."""
    # Most bodies have fewer tags than the depth allowed: nothing to measure.
    if markup.count("<") <= MAX_DEPTH:
        return markup
    if not too_deep(markup):
        return markup
    lowered = markup.lower()
    if any(f"<{name}" in lowered for name in DROPPED_NAMES):
        markup = DROPPED_WITH_CONTENT.sub(" ", markup)
    flatter = _unkept_tags(frozenset(kept_tags)).sub("", markup)
    return text_only(markup) if too_deep(flatter) else flatter


@functools.cache
def _unkept_tags(kept_tags: frozenset[str]) -> re.Pattern[str]:
    """Any start or end tag but those of `kept_tags`: removed as the sanitiser removes them, content kept."""
    kept = "|".join(sorted(kept_tags, key=len, reverse=True))
    not_kept = rf"(?!/?(?:{kept})(?![A-Za-z0-9:_-]))" if kept else ""
    return re.compile(rf"<{not_kept}/?[A-Za-z][A-Za-z0-9:_-]*(?:\s[^>]*)?/?>", re.IGNORECASE)


def text_only(markup: str) -> str:
    """The text of `markup` as escaped HTML: every tag gone, entities read, blank lines kept as paragraphs."""
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", markup))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
