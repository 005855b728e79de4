"""Koreksi: every correction of a published article, newest first, with its article and time, a page at a time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabar.articles import services as article_services
from kabar.articles.models import LIST_PAGE_SIZE, Correction
from tests import factories
from tests.i18n import site_html

pytestmark = pytest.mark.django_db

PAGE = "/koreksi/"
MORNING = dt.datetime(2026, 5, 4, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB


def test_corrections_are_listed_newest_first_with_their_article_and_time(client, corrections_page):
    first = factories.article("Banjir di Kemang")
    second = factories.article("Kurs rupiah menguat")
    with time_machine.travel(MORNING, tick=False):
        article_services.correct_article(first, "Nama kelurahan diperbaiki.")
    with time_machine.travel(MORNING + dt.timedelta(hours=2), tick=False):
        article_services.correct_article(second, "Angka kurs diperbaiki.")
    html = client.get(PAGE).content.decode()
    assert html.index("Angka kurs diperbaiki.") < html.index("Nama kelurahan diperbaiki.")
    second.refresh_from_db()
    assert f'<a href="{second.url}">Kurs rupiah menguat</a>' in html
    assert "04/05/2026, 10:00 WIB" in html and "04/05/2026, 08:00 WIB" in html


def test_corrections_come_a_page_at_a_time(client, corrections_page):
    article = factories.article("Pemilu kepala daerah")
    for number in range(LIST_PAGE_SIZE + 3):
        Correction.objects.create(
            article=article, note=f"Ralat nomor {number:02d}.", corrected_at=MORNING + dt.timedelta(minutes=number)
        )
    first = client.get(PAGE).content.decode()
    assert f"Ralat nomor {LIST_PAGE_SIZE + 2:02d}." in first and "Ralat nomor 00." not in first
    assert site_html("Older") in first
    second = client.get(PAGE + "?page=2").content.decode()
    assert "Ralat nomor 00." in second and f"Ralat nomor {LIST_PAGE_SIZE + 2:02d}." not in second


def test_a_new_correction_shows_on_the_cached_page_at_once(client, corrections_page):
    corrected = factories.article("Harga cabai")
    untouched = factories.article("Jadwal kereta")
    article_services.correct_article(corrected, "Satuan harga diperbaiki.")
    client.get(PAGE)
    assert client.get(PAGE)["X-Cache"] == "HIT"
    # An article the page does not list yet: only the corrections key can bring it in.
    article_services.correct_article(untouched, "Jam keberangkatan diperbaiki.")
    assert "Jam keberangkatan diperbaiki." in client.get(PAGE).content.decode()


def test_corrections_of_an_unpublished_article_are_not_listed(client, corrections_page):
    article = factories.article("Berita yang ditarik")
    article_services.correct_article(article, "Ralat sebelum ditarik.")
    assert "Ralat sebelum ditarik." in client.get(PAGE).content.decode()
    article.unpublish()
    assert "Ralat sebelum ditarik." not in client.get(PAGE).content.decode()


def test_an_empty_list_says_so(client, corrections_page):
    assert site_html("No corrections yet.") in client.get(PAGE).content.decode()
