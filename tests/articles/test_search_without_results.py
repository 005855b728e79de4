"""A search that finds nothing says so, with suggestions; the results page has one search box."""

from __future__ import annotations

import pytest

from tests import factories
from tests.i18n import site_html, site_text
from tests.parsing import html

pytestmark = pytest.mark.django_db


def test_a_search_with_no_results_says_so_and_suggests_what_to_try(client):
    factories.home()
    section = factories.section("Ekonomi")
    factories.article("Harga beras naik", in_section=section)
    page = client.get("/search/?q=zzqxw").content.decode()
    assert site_html("No results for “%(query)s”", query="zzqxw") in page
    assert site_html("Check the spelling of each word.") in page
    assert f'href="{section.url}"' in page  # a way on: the sections
    assert site_html("No articles yet.") not in page


def test_the_results_page_has_one_search_box(client):
    factories.home()
    factories.article("Harga beras naik")
    for path in ("/search/", "/search/?q=beras", "/search/?q=zzqxw"):
        document = html(client.get(path).content.decode())
        assert len(document.find_all("input", type="search")) == 1, path
        assert len(document.find_all("form", role="search")) == 1, path


def test_results_still_count_and_sort(client):
    factories.home()
    factories.article("Harga beras naik")
    page = client.get("/search/?q=beras").content.decode()
    assert site_text("No results for “%(query)s”", query="beras") not in page
    assert "Harga beras naik" in page
