"""A wire body (sanitised HTML) as the blocks of an article body: paragraphs, subheadings, quotes."""

from __future__ import annotations

import re
from typing import Any

import nh3
from django.utils.html import escape
from lxml import html as lxml_html

# What a paragraph block's rich text allows (kabar.articles.blocks.PARAGRAPH_FEATURES), in Wagtail's tags.
INLINE_TAGS = {"b", "i", "a", "sup", "sub", "s"}
RENAMED = {"strong": "b", "em": "i", "strike": "s", "del": "s"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _inline(element: Any) -> str:
    """The element's content as paragraph rich text: bold, italic, links, sub/superscript."""
    for child in element.iter():
        if isinstance(child.tag, str) and child.tag in RENAMED:
            child.tag = RENAMED[child.tag]
    inner = (escape(element.text) if element.text else "") + "".join(
        lxml_html.tostring(child, encoding="unicode", with_tail=True) for child in element
    )
    clean = nh3.clean(
        inner, tags=INLINE_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None
    )
    return re.sub(r"\s+", " ", clean).strip()


def _text(element: Any) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def paragraph(rich_text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{rich_text}</p>")


def credit_paragraph(text: str) -> tuple[str, str]:
    return paragraph(f"<i>{escape(text)}</i>")


def article_blocks(body_html: str) -> list[tuple[str, Any]]:
    """Block by block, in order: <p> and list items become paragraphs, headings subheadings, blockquotes quotes."""
    if not body_html.strip():
        return []
    blocks: list[tuple[str, Any]] = []
    fragments = lxml_html.fragments_fromstring(body_html)
    for fragment in fragments:
        if isinstance(fragment, str):
            if fragment.strip():
                blocks.append(paragraph(escape(fragment.strip())))
            continue
        _element_blocks(fragment, blocks)
    return blocks


def _element_blocks(element: Any, blocks: list[tuple[str, Any]]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in HEADINGS:
        if _text(element):
            blocks.append(("subheading", _text(element)))
    elif tag == "blockquote":
        if _text(element):
            blocks.append(("quote", {"text": _text(element), "attribution": ""}))
    elif tag in {"ul", "ol"}:
        for item in element.iterchildren("li"):
            if _inline(item):
                blocks.append(paragraph(_inline(item)))
    elif tag in {"div", "section", "article", "body"}:
        if element.text and element.text.strip():
            blocks.append(paragraph(escape(element.text.strip())))
        for child in element:
            _element_blocks(child, blocks)  # each child adds its own tail
    elif _inline(element):
        blocks.append(paragraph(_inline(element)))
    if element.tail and element.tail.strip():
        blocks.append(paragraph(escape(element.tail.strip())))


def dateline_place(located: str, dateline: str) -> str:
    """The city for the article's dateline: the item's location, else its dateline, up to the first comma.

    Agencies write "Oslo, Norway" or "OSLO, NORWAY (AP) —"; a Kabar dateline names the city alone.
    """
    if located.strip():
        head = re.split(r"[,(;/]", located, maxsplit=1)[0].strip()
    else:
        head = re.split(r"[,(\-\u2013\u2014]", dateline, maxsplit=1)[0].strip()
    return head.title() if head.isupper() else head
