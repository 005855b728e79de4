"""The comment_text filter: no HTML from a comment is ever rendered; addresses become nofollow links."""

from __future__ import annotations

from html.parser import HTMLParser

from django.template import Context, Template

from kabar.comments.text import links, render_html


def render(text: str) -> str:
    return Template("{% load comment_tags %}{{ text|comment_text }}").render(Context({"text": text}))


class Parsed(HTMLParser):
    """The elements, attributes and text a browser would see in the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "br":
            self.text += "\n"

    def handle_data(self, data):
        self.text += data.replace("\n", "")


def test_script_and_event_handlers_are_text():
    original = '<script>alert("x")</script><img src=x onerror=alert(1)><svg/onload=alert(2)>'
    seen = Parsed(render(original))
    assert seen.elements == []
    assert seen.text == original


def test_addresses_become_links_with_nofollow_ugc_noopener():
    html = render("Sumber: https://www.bps.go.id/id/statistics-table?x=1&y=2.")
    assert (
        '<a href="https://www.bps.go.id/id/statistics-table?x=1&amp;y=2" rel="nofollow ugc noopener">'
        "https://www.bps.go.id/id/statistics-table?x=1&amp;y=2</a>." in html
    )


def test_www_addresses_link_over_https():
    assert '<a href="https://www.kabar.id" rel="nofollow ugc noopener">www.kabar.id</a>' in render("lihat www.kabar.id")


def test_a_closing_bracket_that_is_not_the_address_s_own_stays_outside():
    html = render("(lihat https://id.wikipedia.org/wiki/Padi_(tanaman)) dan (https://kabar.id)")
    assert 'href="https://id.wikipedia.org/wiki/Padi_(tanaman)"' in html
    assert 'href="https://kabar.id"' in html


def test_quotes_cannot_break_out_of_the_link():
    original = 'https://kabar.id/"onmouseover="alert(1) x'
    seen = Parsed(render(original))
    assert seen.elements == [("a", {"href": "https://kabar.id/", "rel": "nofollow ugc noopener"})]
    assert seen.text == original


def test_other_schemes_are_not_linked():
    html = render("javascript:alert(1) data:text/html,<b>x</b> ftp://example.com")
    assert "<a" not in html
    assert "&lt;b&gt;" in html


def test_line_breaks_are_kept():
    assert render("satu\ndua") == "satu<br>\ndua"


def test_links_are_counted_as_rendered():
    assert links("a https://a.id, b http://b.id/x. c www.c.id and http:// and www.") == [
        "https://a.id",
        "http://b.id/x",
        "www.c.id",
    ]


def test_only_links_and_line_breaks_come_out():
    original = "<a href='javascript:x'>k</a> <b>tebal</b>\nhttps://kabar.id"
    seen = Parsed(render_html(original))
    assert seen.elements == [("br", {}), ("a", {"href": "https://kabar.id", "rel": "nofollow ugc noopener"})]
    assert seen.text == original
