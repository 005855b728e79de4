"""A reader on a phone: the home page, an article followed by a tap, every part of the article.

Also: no console errors or CSP violations on the public pages, and every public page still
works with JavaScript turned off.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kabar.articles.models import ArticlePage, SectionPage, TopicPage
from kabar.articles.services import correct_article, publish_article
from kabar.people.models import Person
from tests import factories
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

HEADLINE = "Kim Jong Un tiba di Rusia dengan kereta lapis baja"
CORRECTION = "Sebelumnya tertulis Kim tiba di Moskwa. Yang benar, Kim tiba di Vladivostok."
ARTICLE_TIME = re.compile(r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2} WIB$")
SHARE_ORDER = ["whatsapp", "facebook", "x", "telegram", "line", "email", "copy"]


@dataclass
class Newsroom:
    section: SectionPage
    topic: TopicPage
    article: ArticlePage
    others: list[ArticlePage]
    writers: list[Person]
    editor: Person


def seed() -> Newsroom:
    """A section with five published articles; the newest one has every part an article can have."""
    section = factories.section("Nasional")
    topic = factories.topic("Kunjungan Kim Jong Un ke Rusia")
    now = timezone.now()
    others = [
        factories.article(
            f"Berita Nasional ke-{n}",
            in_section=section,
            topic=topic if n <= 2 else None,
            published_at=now - dt.timedelta(hours=n),
        )
        for n in range(1, 5)
    ]
    writers = [factories.person("Rina Wijaya"), factories.person("Budi Santoso")]
    editor = factories.person("Sari Lestari", role=Person.Role.EDITOR)
    article = factories.article(
        HEADLINE,
        in_section=section,
        summary="Pemimpin Korea Utara itu tiba untuk bertemu Presiden Rusia.",
        body=factories.paragraphs(
            "Pemimpin Korea Utara Kim Jong Un tiba di Rusia pada Selasa pagi.",
            "Kereta lapis bajanya berhenti di stasiun perbatasan Khasan.",
            "Kunjungan ini adalah yang pertama sejak 2019.",
            "Para analis menduga kedua negara membahas kerja sama militer.",
            "Gedung Putih memperingatkan soal pasokan senjata.",
            "Kim dijadwalkan bertemu Presiden Vladimir Putin pekan ini.",
        ),
        writers=writers,
        sources=[factories.source("Reuters"), factories.source("Antara")],
        published=False,
        editor=editor,
        dateline_place="Seoul",
        topic=topic,
        lead_image=factories.image("Kereta Kim Jong Un"),
        lead_image_caption="Kereta yang membawa Kim Jong Un tiba di stasiun Khasan.",
        lead_image_credit="REUTERS/Stringer",
        is_editors_pick=True,
    )
    article.tags.add("Korea Utara", "Rusia")
    article.save_revision()
    publish_article(article)
    correct_article(article, CORRECTION)
    return Newsroom(section, topic, ArticlePage.objects.get(pk=article.pk), others, writers, editor)


def expected_time(moment: dt.datetime) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta"))
    return f"{local:%d/%m/%Y, %H:%M} WIB"


def assert_no_horizontal_scroll(page: Any, width: int) -> None:
    sizes = page.evaluate("() => ({inner: window.innerWidth, scroll: document.documentElement.scrollWidth})")
    assert sizes["inner"] == width, sizes
    assert sizes["scroll"] <= sizes["inner"], f"the page scrolls sideways at {width} px: {sizes}"


def wait_for_images(page: Any) -> None:
    """Every image in the page loaded (lazy ones scrolled into view first), so screenshots are whole."""
    page.evaluate(
        """async () => {
            for (const img of document.images) { img.loading = "eager"; }
            await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
        }"""
    )


def hrefs(links: Any) -> list[str]:
    """The href attributes of a locator's links, as written in the HTML."""
    return links.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def share_query(href: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def test_reader_on_a_phone_reads_an_article_from_the_home_page(open_context, site, artifact):
    news = seed()
    article = news.article
    article_url = f"{site.url}{article.dated_path()}"
    context, problems = open_context(**PHONE)
    page = context.new_page()

    # The home page, with the stylesheet loaded and applied, and the strict CSP sent.
    response = page.goto("/")
    assert response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    css = context.request.get("/static/kabar/kabar.css")
    assert css.ok and css.headers["content-type"].startswith("text/css")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-logo__word')).fontWeight") == "800"
    expect(page.locator(".front__lead .card__headline")).to_have_text(HEADLINE)
    assert_no_horizontal_scroll(page, 390)
    wait_for_images(page)
    page.screenshot(path=artifact("home-390.png"), full_page=True)

    # A tap on the headline opens the article at its dated URL.
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(article_url)
    assert page.locator('link[rel="canonical"]').get_attribute("href") == article_url

    # Section, headline, time, credits.
    expect(page.locator(".article__section a")).to_have_text("Nasional")
    assert page.locator(".article__section a").get_attribute("href") == "/nasional/"
    expect(page.locator("h1")).to_have_text(HEADLINE)
    published = page.locator(".article__time > time")
    expect(published).to_be_visible()
    assert ARTICLE_TIME.match(published.inner_text())
    assert published.inner_text() == expected_time(article.first_published_at)
    credits = page.locator(".article__credits")
    expect(credits).to_be_visible()
    expect(credits.locator('a[rel="author"]')).to_have_text(["Rina Wijaya", "Budi Santoso"])
    for writer in news.writers:
        assert credits.get_by_role("link", name=writer.name).get_attribute("href") == f"/penulis/{writer.slug}/"
    expect(credits.get_by_role("link", name="Sari Lestari")).to_be_visible()
    expect(credits).to_contain_text("Antara")
    expect(credits).to_contain_text("Reuters")

    # The lead image, loaded, with its caption and credit.
    lead = page.locator("figure.article__lead-image")
    expect(lead.locator("img")).to_be_visible()
    assert lead.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert "/media/images/" in lead.locator("img").evaluate("img => img.currentSrc")
    expect(lead.locator("figcaption")).to_contain_text("Kereta yang membawa Kim Jong Un tiba di stasiun Khasan.")
    expect(lead.locator("figcaption .credit")).to_have_text("(REUTERS/Stringer)")

    # The dateline opens the first paragraph.
    first_paragraph = page.locator(".article__body > p").first
    expect(first_paragraph).to_be_visible()
    assert first_paragraph.inner_text().startswith("SEOUL, KABAR - Pemimpin Korea Utara")
    assert first_paragraph.evaluate("p => p.firstChild.nodeType === 1 && p.firstChild.matches('strong.dateline')")

    # "Baca juga" after the 2nd and the 5th paragraph, to other live articles of the topic or section.
    body_shape = page.locator(".article__body > *").evaluate_all(
        "nodes => nodes.map(n => n.classList.contains('read-also') ? 'read-also' : n.tagName.toLowerCase())"
    )
    assert body_shape == ["p", "p", "read-also", "p", "p", "p", "read-also", "p"], body_shape
    read_also = page.locator(".article__body .read-also")
    other_paths = {other.dated_path() for other in news.others}
    for index in range(2):
        expect(read_also.nth(index)).to_be_visible()
        expect(read_also.nth(index)).to_contain_text(re.compile(r"Baca juga|Read also"))
        assert read_also.nth(index).locator("a").get_attribute("href") in other_paths
    topic_paths = {other.dated_path() for other in news.others if other.topic_id == news.topic.pk}
    assert set(hrefs(read_also.locator("a"))) == topic_paths

    # Correction, topic, tags.
    corrections = page.locator(".article__corrections")
    expect(corrections).to_be_visible()
    expect(corrections).to_contain_text(CORRECTION)
    assert ARTICLE_TIME.match(corrections.locator("time").first.inner_text())
    topic_link = page.locator(".article__topic a")
    expect(topic_link).to_have_text(news.topic.title)
    assert topic_link.get_attribute("href") == news.topic.url
    expect(page.locator(".tags a")).to_have_text(["Korea Utara", "Rusia"])
    assert hrefs(page.locator(".tags a")) == [
        "/tag/korea-utara/",
        "/tag/rusia/",
    ]

    # Share links: plain links in the agreed order, every one carrying this article's URL.
    share_links = page.locator(".share__links a")
    kinds = share_links.evaluate_all("links => links.map(a => a.className.match(/share__link--(\\w+)/)[1])")
    assert kinds == SHARE_ORDER
    for index in range(len(SHARE_ORDER)):
        expect(share_links.nth(index)).to_be_visible()
    share_urls = dict(zip(SHARE_ORDER, share_links.evaluate_all("links => links.map(a => a.href)"), strict=True))
    assert share_urls["whatsapp"].startswith("https://wa.me/?")
    assert share_query(share_urls["whatsapp"])["text"] == f"{HEADLINE} {article_url}"
    assert share_urls["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert share_query(share_urls["facebook"])["u"] == article_url
    assert share_urls["x"].startswith("https://x.com/intent/post?")
    assert share_query(share_urls["x"]) == {"text": HEADLINE, "url": article_url}
    assert share_urls["telegram"].startswith("https://t.me/share/url?")
    assert share_query(share_urls["telegram"]) == {"url": article_url, "text": HEADLINE}
    assert share_urls["line"].startswith("https://social-plugins.line.me/lineit/share?")
    assert share_query(share_urls["line"])["url"] == article_url
    assert share_urls["email"].startswith("mailto:?")
    assert share_query(share_urls["email"]) == {"subject": HEADLINE, "body": article_url}
    assert share_urls["copy"] == article_url

    # "Terkini Lainnya": the other latest articles, never this one.
    more_latest = page.locator(".more-latest")
    expect(more_latest).to_be_visible()
    expect(more_latest.locator("h2")).to_have_text(re.compile(r"Terkini Lainnya|More latest news", re.IGNORECASE))
    more_paths = hrefs(more_latest.locator(".card__headline a"))
    assert article.dated_path() not in more_paths
    assert set(more_paths) == other_paths

    assert_no_horizontal_scroll(page, 390)
    wait_for_images(page)
    page.screenshot(path=artifact("article-390.png"), full_page=True)

    # The smallest phones still in use: 320 px, with no sideways scrolling either.
    page.set_viewport_size({"width": 320, "height": 720})
    page.reload()
    assert_no_horizontal_scroll(page, 320)
    wait_for_images(page)
    page.screenshot(path=artifact("article-320.png"), full_page=True)
    page.goto("/")
    assert_no_horizontal_scroll(page, 320)

    assert problems.all() == []


def public_pages(news: Newsroom) -> list[str]:
    return [
        "/",
        "/nasional/",
        news.article.dated_path(),
        news.others[0].dated_path(),
        "/topik/",
        news.topic.url,
        "/tag/rusia/",
        f"/penulis/{news.writers[0].slug}/",
        "/search/?q=kereta",
    ]


def test_public_pages_have_no_console_errors_and_work_without_javascript(open_context, site, artifact):
    news = seed()
    article_url = f"{site.url}{news.article.dated_path()}"

    with_js, problems = open_context(**PHONE)
    page = with_js.new_page()
    for path in public_pages(news):
        response = page.goto(path)
        assert response.ok, path
        expect(page.locator("h1")).to_be_visible()
        wait_for_images(page)
        assert problems.all() == [], path
    # Kabar's one script comes from /static/ (a failed load would have been a console error above).
    assert page.evaluate("() => [...document.scripts].some(s => s.src.endsWith('/static/kabar/kabar.js'))")

    without_js, problems = open_context(**PHONE, java_script_enabled=False)
    page = without_js.new_page()
    for path in public_pages(news):
        response = page.goto(path)
        assert response.ok, path
        expect(page.locator("h1")).to_be_visible()
        page.locator(".site-menu summary").click()  # the sections, on a phone: a <details> menu
        assert page.locator(".site-menu__panel").get_by_role("link", name="Nasional").is_visible()
    page.goto(news.article.dated_path())
    expect(page.locator("h1")).to_have_text(HEADLINE)
    share_links = page.locator(".share__links a")
    expect(share_links).to_have_count(len(SHARE_ORDER))
    for index in range(len(SHARE_ORDER)):
        expect(share_links.nth(index)).to_be_visible()
        assert share_links.nth(index).get_attribute("href")
    # No script: the Web Share button stays hidden, and "copy link" is a link to the article itself.
    expect(page.locator(".share__native")).to_be_hidden()
    page.locator(".share__link--copy").click()
    page.wait_for_url(article_url)
    expect(page.locator("h1")).to_have_text(HEADLINE)
    # A "Baca juga" link, the section link and the search form all work as plain HTML.
    page.locator(".article__body .read-also a").first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Berita Nasional ke-[12]$"))
    page.locator(".article__section a").click()
    page.wait_for_url(f"{site.url}/nasional/")
    expect(page.locator(".listing__main").get_by_role("link", name=HEADLINE)).to_be_visible()
    page.locator(".site-search-toggle summary").click()  # the header's search is a <details>: no JS needed
    page.locator("#site-search-q").fill("kereta")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kereta"))
    expect(page.locator(".listing__main").get_by_role("link", name=HEADLINE)).to_be_visible()
    page.screenshot(path=artifact("search-nojs-390.png"), full_page=True)
    assert problems.all() == []
