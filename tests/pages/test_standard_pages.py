"""The standard pages readers reach from every footer: text pages, Redaksi from People, and the demo's set."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import resolve

from kabar.demo.pages import demo_pages, seed_standard_pages
from kabar.demo.services import SeedReport, load_content
from kabar.pages.models import StandardPage
from kabar.people.models import Person
from tests import factories
from tests.i18n import site_html, site_text
from tests.pages.conftest import add_page

pytestmark = pytest.mark.django_db

UPDATED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)  # 16:30 WIB


def test_a_standard_page_shows_its_title_summary_body_and_last_update(client):
    with time_machine.travel(UPDATED, tick=False):
        add_page(StandardPage, "tentang-kami", "Tentang Kami", summary="Siapa kami.", body="<p>Kami akurat.</p>")
    html = client.get("/tentang-kami/").content.decode()
    assert "<h1>Tentang Kami</h1>" in html
    assert "Siapa kami." in html and "<p>Kami akurat.</p>" in html
    assert site_html("Updated") in html and "02/03/2026, 16:30 WIB" in html


def test_every_demo_page_is_published_under_its_own_slug_and_linked_from_the_footer(client):
    seed_standard_pages(SeedReport())
    home = client.get("/").content.decode()
    footer = home.split('class="site-footer"', 1)[1]
    for item in demo_pages():
        assert f'<a href="/{item.slug}/">{item.title}</a>' in footer, item.slug
        response = client.get(f"/{item.slug}/")
        assert response.status_code == 200, item.slug
        assert f"<h1>{item.title}</h1>" in response.content.decode()


def test_seeding_the_demo_pages_again_creates_nothing_more():
    first, second = SeedReport(), SeedReport()
    seed_standard_pages(first)
    seed_standard_pages(second)
    assert first.created["standard_pages"] == len(demo_pages()) and not second.created


def test_demo_page_slugs_are_served_by_the_page_tree_and_clash_with_no_section():
    sections = {item["slug"] for item in load_content()["sections"]}
    for item in demo_pages():
        assert item.slug not in sections
        # No route of Kabar's or a feature app's answers the address before the page tree does.
        assert resolve(f"/{item.slug}/").url_name == "wagtail_serve", item.slug


def test_the_pedoman_page_covers_each_part_of_the_dewan_pers_guideline():
    guideline = next(item for item in demo_pages() if item.slug == "pedoman-media-siber")
    for heading in (
        "Ruang lingkup",
        "Verifikasi dan keberimbangan berita",
        "Isi buatan pengguna",
        "Ralat, koreksi, dan hak jawab",
        "Pencabutan berita",
        "Iklan",
        "Hak cipta",
        "Pencantuman pedoman",
        "Sengketa",
    ):
        assert heading in guideline.body, heading


def test_a_page_taken_out_of_menus_leaves_the_footer(client):
    add_page(StandardPage, "kontak", "Kontak")
    add_page(StandardPage, "arsip-lama", "Arsip Lama", show_in_menus=False)
    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]
    assert '<a href="/kontak/">Kontak</a>' in footer
    assert "arsip-lama" not in footer


def test_publishing_a_new_page_puts_it_in_the_footer_of_pages_already_cached(client):
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Cache"] == "HIT"
    add_page(StandardPage, "info-iklan", "Info Iklan")
    assert '<a href="/info-iklan/">Info Iklan</a>' in client.get("/").content.decode()


def test_redaksi_lists_the_newsrooms_active_people_by_role(client, masthead_page):
    editor = factories.person("Bayu Saputra", role=Person.Role.EDITOR)
    editor.title = "Pemimpin Redaksi"
    editor.save()
    factories.person("Rina Wijaya", role=Person.Role.WRITER)
    gone = factories.person("Tono Lama", role=Person.Role.WRITER)
    gone.is_active = False
    gone.save()
    html = client.get("/redaksi/").content.decode()
    assert "Penerbit: PT Uji." in html
    assert "Bayu Saputra" in html and "Pemimpin Redaksi" in html and "Rina Wijaya" in html
    assert "Tono Lama" not in html
    # Editors first, then writers, under their roles' names.
    assert html.index(site_html("Editors")) < html.index("Bayu Saputra") < html.index(site_html("Writers"))
    assert html.index(site_html("Writers")) < html.index("Rina Wijaya")
    assert f'href="{editor.get_absolute_url()}"' in html


def test_redaksi_shows_someone_added_to_people_after_it_was_cached(client, masthead_page):
    factories.person("Rina Wijaya")
    client.get("/redaksi/")
    assert client.get("/redaksi/")["X-Cache"] == "HIT"
    factories.person("Dewi Anggraini", role=Person.Role.PHOTOGRAPHER)
    html = client.get("/redaksi/").content.decode()
    assert "Dewi Anggraini" in html and site_text("Photographers") in html


def test_an_unpublished_page_is_gone_from_the_footer_and_the_cache(client, about_page):
    client.get("/tentang-kami/")
    about_page.unpublish()
    assert client.get("/tentang-kami/").status_code == 404
    assert "/tentang-kami/" not in client.get("/").content.decode().split('class="site-footer"', 1)[1]
