"""The sign-up forms sit in cached pages: the same HTML for everyone, no cookie, no CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tests.newsletters import lists
from tests.readers import factories as readers

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """Kabar's own page cache off, so each answer is rendered for the one asking."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


def assert_cacheable(response) -> None:
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert b"csrfmiddlewaretoken" not in response.content


def test_an_article_offers_the_digest_and_its_own_sections_letter_to_everyone_alike(client):
    nasional, ekonomi = factories.section("Nasional"), factories.section("Ekonomi")
    digest = lists.digest()
    lists.section_letter(nasional)
    lists.section_letter(ekonomi)
    article = factories.article("Harga beras naik", in_section=nasional)

    anonymous = Client().get(article.dated_path())
    reader = readers.reader("Budi Santoso")
    readers.log_in(client, reader)
    signed_in = client.get(article.dated_path())
    for response in (anonymous, signed_in):
        assert_cacheable(response)
    assert anonymous.content == signed_in.content

    html = anonymous.content.decode()
    form = html[html.index('class="nawala-form"') :]
    form = form[: form.index("</form>")]
    assert 'action="/nawala/daftar/"' in form
    assert "Kabar Pagi" in form and "Nawala Nasional" in form and "Nawala Ekonomi" not in form
    assert f'value="{digest.pk}"' in form and "checked" in form.split("Nawala Nasional")[0]
    assert 'name="source" value="article"' in form
    # After the comments, before what to read next.
    assert html.index('id="komentar"') < html.index("nawala-signup")


def test_an_inactive_list_is_not_offered_and_no_list_means_no_form(client):
    nasional = factories.section("Nasional")
    letter = lists.section_letter(nasional)
    letter.is_active = False
    letter.save()
    article = factories.article("Sepi", in_section=nasional)
    assert b"nawala-form" not in client.get(article.dated_path()).content
    assert b"Nawala Nasional" not in client.get("/nawala/").content


def test_the_footer_links_to_the_sign_up_page_which_is_cacheable_and_lists_every_public_letter(client):
    lists.digest()
    lists.section_letter(factories.section("Nasional"))
    lists.members_letter()
    home = client.get("/")
    assert b'href="/nawala/"' in home.content
    page = Client().get("/nawala/")
    assert_cacheable(page)
    html = page.content.decode()
    assert "Kabar Pagi" in html and "Nawala Nasional" in html and "Surat Kabar+" not in html
    assert 'name="source" value="footer"' in html


def test_saving_a_list_purges_the_pages_that_show_the_forms(client, settings):
    settings.KABAR_PAGE_CACHE_ENABLED = True
    letter = lists.digest()
    assert client.get("/nawala/").get("X-Cache") == "MISS"
    assert client.get("/nawala/").get("X-Cache") == "HIT"
    letter.name = "Kabar Pagi Baru"
    letter.save()
    fresh = client.get("/nawala/")
    assert fresh.get("X-Cache") != "HIT" and b"Kabar Pagi Baru" in fresh.content
