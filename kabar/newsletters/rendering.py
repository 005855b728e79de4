"""An edition as mail: the HTML part (tables, inline styles, dark-mode friendly) and the plain-text
part, both built from the same resolved content.

The mail is rendered once per edition, when it starts sending (`freeze`), with placeholders where
each reader's own links go; `personalise` fills them per recipient with a string replace, so a
100,000-address send renders the templates once, not 100,000 times.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import override

from kabar.articles import queries as article_queries
from kabar.articles.models import ArticlePage
from kabar.newsletters.blocks import AutomaticArticlesBlock
from kabar.newsletters.clicks import click_url
from kabar.newsletters.models import Edition

logger = logging.getLogger(__name__)

UNSUBSCRIBE_PLACEHOLDER = "__KABAR_UNSUBSCRIBE_URL__"
PREFERENCES_PLACEHOLDER = "__KABAR_PREFERENCES_URL__"
ARTICLE_IMAGE = "fill-560x315"
SPONSOR_IMAGE = "fill-560x280"
MAIL_HOURS = 24

_HREF = re.compile(r'href="(https?://[^"]+)"')


@dataclass
class MailImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass
class MailArticle:
    title: str
    summary: str
    url: str
    kicker: str
    image: MailImage | None = None


@dataclass
class MailBlock:
    kind: str
    heading: str = ""
    articles: list[MailArticle] = field(default_factory=list)
    html: str = ""
    text: str = ""
    sponsor: dict[str, Any] = field(default_factory=dict)


@dataclass
class RenderedMail:
    subject: str
    html: str
    text: str


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.BASE_URL}{url}"


def campaign_url(url: str, edition: Edition) -> str:
    """The article's address with what readership and analytics use to tell a newsletter reader."""
    parts = urlsplit(url)
    query = urlencode(
        {
            "ref": "newsletter",
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": f"{edition.newsletter.slug}-{edition.pk}",
        }
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, f"{parts.query}&{query}" if parts.query else query, ""))


def automatic_article_ids(
    source: str, count: int, now: dt.datetime, exclude: set[int], section_id: int | None = None
) -> list[int]:
    """What an automatic block holds at `now`: articles published in the last 24 hours (a section
    letter's: that section's)."""
    since = now - dt.timedelta(hours=MAIL_HOURS)
    recent = article_queries.published_articles().filter(published_at__gte=since, published_at__lte=now)
    if section_id is not None:
        recent = recent.filter(section_id=section_id)
    ids: list[int] = []
    if source == AutomaticArticlesBlock.Source.LATEST:
        ids = list(recent.exclude(pk__in=exclude).values_list("pk", flat=True)[:count])
    else:
        if source == AutomaticArticlesBlock.Source.PICKS_AND_MOST_READ:
            ids = list(recent.filter(is_editors_pick=True).exclude(pk__in=exclude).values_list("pk", flat=True)[:count])
        for article in article_queries.most_read(hours=MAIL_HOURS, limit=count * 3, now=now):
            if len(ids) >= count:
                break
            if section_id is not None and article.section_id != section_id:
                continue
            if article.pk not in exclude and article.pk not in ids:
                ids.append(article.pk)
        if len(ids) < count:
            # A quiet day (few views counted yet): the latest fill the rest.
            more = recent.exclude(pk__in=[*exclude, *ids]).values_list("pk", flat=True)[: count - len(ids)]
            ids += list(more)
    return ids


def resolve(edition: Edition, now: dt.datetime | None = None) -> dict[str, list[int]]:
    """The automatic blocks' article ids, by block id; picked articles are never repeated in them."""
    now = now or timezone.now()
    picked: set[int] = set()
    for block in edition.body:
        if block.block_type == "articles":
            picked.update(page.pk for page in block.value["articles"] if page is not None)
    resolved: dict[str, list[int]] = {}
    for block in edition.body:
        if block.block_type == "automatic":
            section_id = edition.newsletter.section_id if edition.newsletter.kind == "section" else None
            ids = automatic_article_ids(block.value["source"], block.value["count"], now, picked, section_id)
            picked.update(ids)
            resolved[block.id] = ids
    return resolved


def _image(image: Any, spec: str, alt: str) -> MailImage | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except Exception:  # a missing or broken image file leaves the mail without it, not unsent
        logger.warning("no mail image for image %s", getattr(image, "pk", None), exc_info=True)
        return None
    return MailImage(absolute(rendition.url), rendition.width, rendition.height, alt or image.title)


def _mail_articles(pages: list[ArticlePage], edition: Edition) -> list[MailArticle]:
    found = {page.pk: page for page in article_queries.published_articles().filter(pk__in=[page.pk for page in pages])}
    articles = []
    for page in pages:
        live = found.get(page.pk)
        if live is None:  # unpublished since it was picked: left out
            continue
        articles.append(
            MailArticle(
                title=live.title,
                summary=live.summary,
                url=click_url(edition.pk, campaign_url(absolute(live.url or ""), edition)),
                kicker=live.section.title if live.section_id else "",
                image=_image(live.lead_image, ARTICLE_IMAGE, live.title),
            )
        )
    return articles


def _text_of(rich: str) -> str:
    """Rich text as plain text, each link written after its words."""
    rich = re.sub(
        r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", rich
    )
    rich = re.sub(r"</p>|<br\s*/?>|</li>", "\n", rich)
    rich = re.sub(r"<li>", "- ", rich)
    return html.unescape(strip_tags(rich)).strip()


def blocks_of(edition: Edition, resolved: dict[str, list[int]]) -> list[MailBlock]:
    from wagtail.rich_text import expand_db_html

    blocks: list[MailBlock] = []
    for block in edition.body:
        kind = block.block_type
        if kind == "articles":
            pages = [page for page in block.value["articles"] if page is not None]
            articles = _mail_articles(pages, edition)
            if articles:
                blocks.append(MailBlock(kind, block.value["heading"] or _("Editors' picks"), articles))
        elif kind == "automatic":
            ids = resolved.get(block.id, [])
            pages_by_id = {page.pk: page for page in ArticlePage.objects.filter(pk__in=ids)}
            articles = _mail_articles([pages_by_id[pk] for pk in ids if pk in pages_by_id], edition)
            if articles:
                blocks.append(MailBlock(kind, block.value["heading"] or _("In the last 24 hours"), articles))
        elif kind == "text":
            rich = _tracked(_absolute_links(expand_db_html(block.value.source)), edition)
            blocks.append(MailBlock(kind, html=rich, text=_text_of(rich)))
        elif kind == "sponsor":
            value = block.value
            blocks.append(
                MailBlock(
                    kind,
                    sponsor={
                        "name": value["sponsor"],
                        "text": value["text"],
                        "link": click_url(edition.pk, value["link"]),
                        "image": _image(value["image"], SPONSOR_IMAGE, value["sponsor"]),
                    },
                )
            )
    return blocks


def _absolute_links(rich: str) -> str:
    return re.sub(r'href="(/[^"]*)"', lambda m: f'href="{settings.BASE_URL}{m.group(1)}"', rich)


def _tracked(html_text: str, edition: Edition) -> str:
    """Every web link of an editor's rich text through the click redirect."""

    def swap(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        return f'href="{html.escape(click_url(edition.pk, target))}"'

    return _HREF.sub(swap, html_text)


def render(
    edition: Edition, resolved: dict[str, list[int]] | None = None, *, now: dt.datetime | None = None
) -> RenderedMail:
    """The edition's mail with placeholders for each reader's links; `resolved` from `resolve`."""
    from wagtail.rich_text import expand_db_html

    now = now or timezone.now()
    resolved = resolve(edition, now) if resolved is None else resolved
    newsletter = edition.newsletter
    with override(settings.LANGUAGE_CODE):
        blocks = blocks_of(edition, resolved)
        intro_html = _tracked(_absolute_links(expand_db_html(edition.intro)), edition) if edition.intro else ""
        context = {
            "edition": edition,
            "newsletter": newsletter,
            "site_name": settings.SITE_NAME,
            "base_url": settings.BASE_URL,
            "date": timezone.localtime(now),
            "intro_html": intro_html,
            "intro_text": _text_of(intro_html) if intro_html else "",
            "blocks": blocks,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": PREFERENCES_PLACEHOLDER,
        }
        html_part = str(render_to_string("newsletters/mail/edition.html", context))
        text_part = str(render_to_string("newsletters/mail/edition.txt", context))
    text_part = re.sub(r"\n{3,}", "\n\n", text_part).strip() + "\n"
    return RenderedMail(edition.subject, html_part, text_part)


def personalise(part: str, unsubscribe_url: str, preferences_url: str) -> str:
    return part.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(PREFERENCES_PLACEHOLDER, preferences_url)
