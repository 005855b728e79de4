"""A story's own markup, out of whatever page or fragment the agency wrapped it in.

Some agencies send a whole web page as a body (<html><head><title>…<body><nav>…<article><h1>…).
The sanitiser keeps text and drops unknown tags, so the page's title, menus and labels would be
glued into the first paragraph and the headline repeated. Here the page is reduced to its story
(the <article>, else <main>, else <body>), without what surrounds a story on a web page, and an
<h1> that repeats the headline is dropped (another becomes a subheading).

Links are made absolute against the item's own address: a relative link left as it came would
point into Kabar's own site once the story is published there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from kabar.wire.parsers.base import sanitise_body
from kabar.wire.parsers.text import plain

PAGE_MARKUP = re.compile(r"<(html|head|body|article|main|h1|nav|header|footer|aside|label|figure)[\s>/]", re.I)
NOT_STORY = ("head", "title", "nav", "header", "footer", "aside", "label", "form", "button", "figure", "menu")
# Page furniture that agencies mark by class rather than by element.
NOT_STORY_CLASSES = {"label", "labels", "kicker", "breadcrumb", "breadcrumbs", "share", "tags", "byline"}
BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "li", "blockquote", "table"} | {
    f"h{n}" for n in range(1, 7)
}
# libxml2's HTML parser stops reading below 256 levels: deeper markup is left to the sanitiser's own guard.
MAX_DEPTH = 200
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def looks_like_page(markup: str) -> bool:
    return bool(PAGE_MARKUP.search(markup))


def story_markup(markup: str, headline: str = "") -> str:
    """The story's markup from a page or fragment: see the module's note. Unchanged if it cannot be read."""
    if not looks_like_page(markup) or _too_deep(markup):
        return markup
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    for element in list(root.iter(*NOT_STORY)):
        _drop(element)
    for element in root.xpath("//*[@class]"):
        if NOT_STORY_CLASSES & set(str(element.get("class", "")).lower().split()):
            _drop(element)
    container = next(iter(root.iter("article")), None)
    if container is None:
        container = next(iter(root.iter("main")), None)
    if container is None:
        container = root.find("body")
    if container is None:
        container = root
    wanted = " ".join(plain(headline).lower().split())
    for heading in list(container.iter("h1")):
        if not " ".join(heading.text_content().lower().split()) or (
            wanted and " ".join(heading.text_content().lower().split()) == wanted
        ):
            _drop(heading)
        else:
            heading.tag = "h2"
    for element in container.iter("div", "section", "td", "dd"):
        # A block that holds only text is a paragraph; left a <div>, its text would run into the next.
        if not any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element.iterdescendants()):
            element.tag = "p"
    inner = (container.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode", with_tail=True) for child in container
    )
    return inner


def _too_deep(markup: str) -> bool:
    depth = 0
    for match in TAG.finditer(markup):
        if match.group(1):
            depth = max(depth - 1, 0)
        elif not match.group(3) and match.group(2).lower() not in VOID:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def _drop(element: lxml_html.HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def link_resolver(base_url: str) -> Callable[[str], str | None]:
    """For nh3's url_relative: a relative link resolved against `base_url` if it is a web address, else removed."""
    base = base_url.strip() if urlsplit(base_url.strip()).scheme in ("http", "https") else ""

    def resolve(url: str) -> str | None:
        if not base:
            return None
        absolute = urljoin(base, url)
        return absolute if urlsplit(absolute).scheme in ("http", "https") else None

    return resolve


HREF = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def resolve_links(clean: str, base_url: str) -> str:
    """Sanitised markup with relative links made absolute against `base_url`, or made plain text if it has none."""
    if "<a " not in clean:
        return clean
    resolve = link_resolver(base_url)

    def rewrite(match: re.Match[str]) -> str:
        href = html.unescape(match.group(1))
        if urlsplit(href).scheme:
            return match.group(0)
        absolute = resolve(href)
        if absolute is None:
            return match.group(3)
        return f'<a href="{html.escape(absolute)}"{match.group(2)}>{match.group(3)}</a>'

    return HREF.sub(rewrite, clean)


def story_body(markup: str, *, headline: str = "", base_url: str = "") -> str:
    """A body given as HTML, as the desk keeps it: the story alone, sanitised, its links absolute."""
    return resolve_links(sanitise_body(story_markup(markup, headline)), base_url)
