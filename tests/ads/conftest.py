"""Ads test helpers: real creatives with real images in the test database, and the page read back."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from kabar.ads import services
from kabar.ads.models import Creative, Placement
from kabar.delivery import variants
from tests import factories
from tests.parsing import Element, html

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_pending_ad_counts():
    """Counts kept in memory by one test must not be written during the next."""
    services.discard_pending_counts()
    yield
    services.discard_pending_counts()


def house_ad(*keys: str, name: str | None = None, **fields: object) -> Creative:
    """An enabled house ad in the placements `keys`, with an image, a link and alt text."""
    number = next(_counter)
    sections = fields.pop("sections", [])
    creative = Creative.objects.create(
        name=name or f"Iklan uji {number}",
        kind=Creative.Kind.HOUSE,
        image=fields.pop("image", None) or factories.image(f"Iklan {number}", size=(640, 500)),
        link_url=fields.pop("link_url", f"https://pengiklan.example/promo-{number}"),
        alt_text=fields.pop("alt_text", f"Promo pengiklan {number}"),
        **fields,
    )
    creative.placements.set(Placement.objects.filter(key__in=keys))
    if sections:
        creative.sections.set(sections)
    return creative


def gpt_ad(*keys: str, unit: str = "/1234567/kabar/atas", sizes: str = "320x50", **fields: object) -> Creative:
    creative = Creative.objects.create(
        name=f"GPT uji {next(_counter)}", kind=Creative.Kind.GPT, gpt_ad_unit=unit, gpt_sizes=sizes, **fields
    )
    creative.placements.set(Placement.objects.filter(key__in=keys))
    return creative


def long_article(paragraph_count: int = 10, **fields: object):
    texts = [f"Paragraf nomor {n} dari berita panjang ini." for n in range(1, paragraph_count + 1)]
    return factories.article(body=factories.paragraphs(*texts), **fields)


def ads_on(document: Element) -> list[Element]:
    return document.find_all("aside", cls="ad")


def body_children(document: Element) -> list[Element]:
    body = document.find("div", cls="article__body")
    assert body is not None
    return [child for child in body.children if isinstance(child, Element)]


def member_cookie(user_id: int = 1, days: int = 30) -> str:
    return variants.sign_member_cookie(user_id, timezone.now() + dt.timedelta(days=days))


def page(client, url: str, *, member: bool = False) -> Element:
    if member:
        client.cookies[variants.COOKIE_NAME] = member_cookie()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return html(response)
