"""Reading responses as a browser or crawler would: HTML into a small element tree, XML and JSON as such."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring as safe_xml_fromstring

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if any(element.attrs.get(name.replace("_", "-")) != value for name, value in attrs.items()):
                continue
            found.append(element)
        return found

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls=cls, **attrs)
        return found[0] if found else None

    def links(self) -> list[str]:
        return [a.attrs["href"] for a in self.find_all("a") if "href" in a.attrs]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def html(response_or_text: Any) -> Element:
    text = response_or_text if isinstance(response_or_text, str) else response_or_text.content.decode()
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def meta(document: Element, key: str) -> str | None:
    """The content of <meta property=key> or <meta name=key>."""
    for element in document.find_all("meta"):
        if element.attrs.get("property") == key or element.attrs.get("name") == key:
            return element.attrs.get("content")
    return None


def json_ld(document: Element) -> list[dict[str, Any]]:
    return [json.loads(s.text) for s in document.find_all("script", type="application/ld+json")]


def xml(response: Any) -> ElementTree.Element:
    return safe_xml_fromstring(response.content)
