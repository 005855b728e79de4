"""The mail itself: tables with inline styles that mail programs render, dark-mode friendly, every
image with alt text and its size, under 100 KB, a plain-text part with the same content, the sponsor
labelled "Iklan", and automatic blocks filled from the last 24 hours when the send starts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from kabar.articles.models import ArticleViewCount
from kabar.newsletters import rendering, sending
from kabar.newsletters.models import Edition
from tests import factories
from tests.newsletters import editions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(editions.NOW, tick=False):
        yield


SPONSOR_TEXT = "Tabungan emas mulai Rp 10.000, tanpa biaya bulanan."


def full_edition() -> Edition:
    letter = editions.newsletter()
    picked = [factories.article(f"Pilihan {i}", lead_image=factories.image(f"Foto {i}")) for i in range(12)]
    editions.articles(6)  # the automatic block's
    sponsor = {"sponsor": "Bank Contoh", "image": factories.image("Iklan Bank"), "text": SPONSOR_TEXT,
               "link": "https://bank.example/emas"}  # fmt: skip
    return editions.edition(
        letter, picked=picked, automatic=6, sponsor=sponsor,
        text='<p>Catatan redaksi: <a href="https://kabar.example/tentang">tentang kami</a>.</p>',
    )  # fmt: skip


def test_the_mail_is_tables_with_inline_styles_dark_mode_and_under_100_kb():
    edition = full_edition()
    mail = rendering.render(edition)
    page = BeautifulSoup(mail.html, "html.parser")

    assert len(mail.html.encode()) < 100_000
    assert page.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert "@media (prefers-color-scheme: dark)" in page.style.string
    assert page.find("table", attrs={"role": "presentation"}) is not None
    assert not page.find_all(["script", "link", "div"], class_=False, attrs={"rel": "stylesheet"})
    assert not page.find_all("script")
    # Styles mail programs keep are inline on the elements themselves.
    assert all(cell.get("style") for cell in page.find_all("td"))
    images = page.find_all("img")
    assert len(images) == 2  # the lead story's picture and the sponsor's
    for image in images:
        assert image["alt"] and image["width"].isdigit() and image["height"].isdigit()
        assert image["src"].startswith("http")
    headlines = [a.get_text() for a in page.select("h3 a")]
    assert headlines[:12] == [f"Pilihan {i}" for i in range(12)]
    assert len(headlines) == 18  # picked, then six from the last 24 hours, none twice


def test_the_sponsor_is_labelled_iklan_and_boxed_apart_in_both_parts():
    mail = rendering.render(full_edition())
    page = BeautifulSoup(mail.html, "html.parser")
    box = page.find("table", class_="k-ad")
    assert box.get_text(" ", strip=True).startswith("Iklan · Bank Contoh")
    assert SPONSOR_TEXT in box.get_text()
    assert "--- Iklan · Bank Contoh ---" in mail.text


def test_the_text_part_carries_the_same_stories_and_links_as_the_html():
    mail = rendering.render(full_edition())
    page = BeautifulSoup(mail.html, "html.parser")
    for i in range(12):
        assert f"Pilihan {i}" in mail.text
    html_links = {a["href"] for a in page.select("h3 a")}
    text_links = set(re.findall(r"https?://\S+/n/k/\S+", mail.text))
    assert html_links <= text_links
    assert "Catatan redaksi: tentang kami (http" in mail.text
    assert "<" not in mail.text.replace("<>", "")


def test_the_automatic_block_takes_picks_then_the_most_read_of_the_last_24_hours_then_the_latest():
    letter = editions.newsletter()
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    this_hour = timezone.now().replace(minute=0)
    forgotten = factories.article("Berita lama tanpa pembaca", published_at=two_days_ago)
    # Most read counts views of the last 24 hours, as Terpopuler does: an older story read today is in.
    old_read = factories.article("Berita lama yang ramai dibaca", published_at=two_days_ago)
    ArticleViewCount.objects.create(article=old_read, hour=this_hour, views=900)
    read = factories.article("Banyak dibaca")
    ArticleViewCount.objects.create(article=read, hour=this_hour, views=500)
    old_pick = factories.article("Pilihan lama", is_editors_pick=True, published_at=two_days_ago)
    pick = factories.article("Pilihan redaksi", is_editors_pick=True)
    newest = factories.article("Berita terbaru")
    edition = editions.edition(letter, automatic=4)

    [ids] = rendering.resolve(edition).values()

    assert ids == [pick.pk, old_read.pk, read.pk, newest.pk]
    assert forgotten.pk not in ids and old_pick.pk not in ids


def test_what_readers_get_is_frozen_when_the_send_starts():
    letter = editions.newsletter()
    editions.articles(2)
    edition = editions.edition(letter, automatic=5)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SCHEDULED)
    sending.start(Edition.objects.get(pk=edition.pk))
    factories.article("Terbit setelah pengiriman dimulai")

    edition.refresh_from_db()
    sending.freeze(edition)  # as a resumed send does

    assert "Berita nomor 1" in edition.rendered_html
    assert "Terbit setelah pengiriman dimulai" not in edition.rendered_html
    assert "Terbit setelah pengiriman dimulai" in rendering.render(edition).html
