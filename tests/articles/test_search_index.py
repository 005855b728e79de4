"""Readers' search reads its own table, which holds exactly the articles readers may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from kabar.articles import queries, services
from kabar.articles.models import ArticlePage, SearchEntry
from kabar.articles.search_index import search_index
from kabar.core.search import stem_text
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def found_titles(client, query: str, **params: str) -> list[str]:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [h.text.strip() for h in html(response).find("main").find_all("h3", cls="card__headline")]


def entry_ids() -> set[int]:
    return set(SearchEntry.objects.values_list("article_id", flat=True))


def test_publishing_unpublishing_and_privacy_keep_the_entries_to_what_readers_may_see(client):
    shown = factories.article("Sidang kabinet digelar")
    draft = factories.article("Sidang kabinet draf", published=False, in_section=factories.section("Ekonomi"))
    assert entry_ids() == {shown.pk}

    services.unpublish_article(ArticlePage.objects.get(pk=shown.pk))
    assert entry_ids() == set()
    services.publish_article(ArticlePage.objects.get(pk=shown.pk))
    services.publish_article(ArticlePage.objects.get(pk=draft.pk))
    assert entry_ids() == {shown.pk, draft.pk}

    restriction = PageViewRestriction.objects.create(
        page=shown.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert entry_ids() == {draft.pk}  # the whole Nasional folder went private
    assert found_titles(client, "sidang") == ["Sidang kabinet draf"]
    restriction.delete()
    assert entry_ids() == {shown.pk, draft.pk}

    ArticlePage.objects.get(pk=draft.pk).delete()
    assert entry_ids() == {shown.pk}


def test_a_corrected_article_is_found_by_its_new_words_not_its_old_ones(client):
    article = factories.article("Jembatan Barelang ditutup", body=factories.paragraphs("Angin kencang."))
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "Jembatan Barelang dibuka kembali"
    page.body = factories.paragraphs("Angin sudah reda, lalu lintas normal.")
    page.save_revision()
    services.publish_article(page)
    assert found_titles(client, "reda") == ["Jembatan Barelang dibuka kembali"]
    assert found_titles(client, "kencang") == []


def test_newest_first_orders_by_publication_date_and_relevance_puts_the_title_match_first(client):
    now = factories.now()
    factories.article(
        "Harga beras naik",
        body=factories.paragraphs("Petani di Karawang panen raya."),
        published_at=now - dt.timedelta(days=3),
    )
    factories.article(
        "Rapat anggaran daerah",
        body=factories.paragraphs("Dewan juga membahas karawang dan banjir."),
        published_at=now - dt.timedelta(days=1),
    )
    factories.article(
        "Karawang bersiap menyambut panen",
        body=factories.paragraphs("Lumbung disiapkan."),
        published_at=now - dt.timedelta(days=2),
    )
    assert found_titles(client, "karawang", sort="newest") == [
        "Rapat anggaran daerah",
        "Karawang bersiap menyambut panen",
        "Harga beras naik",
    ]
    assert found_titles(client, "karawang")[0] == "Karawang bersiap menyambut panen"


def test_the_sort_choice_is_kept_from_page_to_page(client):
    for n in range(21):
        factories.article(f"Laporan gempa {n}")
    response = client.get("/search/", {"q": "gempa", "sort": "newest"})
    older = html(response).find("a", rel="next")
    assert "sort=newest" in older.attrs["href"]
    assert "q=gempa" in older.attrs["href"]


def test_a_search_lists_at_most_the_maximum_and_says_more_matched(client, monkeypatch):
    monkeypatch.setattr(queries, "SEARCH_MAX_RESULTS", 20)
    for n in range(23):
        factories.article(f"Kabar pasar {n}")
    response = client.get("/search/", {"q": "pasar"})
    assert response.context["results_page"].paginator.count == 20
    assert response.context["more_than_listed"] is True
    assert response.context["results_page"].paginator.num_pages == 1
    assert not response.context["results_page"].has_next()

    exact = client.get("/search/", {"q": "pasar 22"})
    assert exact.context["more_than_listed"] is False
    assert exact.context["results_page"].paginator.count == 1


def test_a_search_reads_the_search_table_alone(client):
    factories.article("Kereta cepat beroperasi")
    with CaptureQueriesContext(connection) as captured:
        ids = search_index().matching_ids(stem_text("kereta"), newest=True, offset=0, limit=20)
        assert search_index().count(stem_text("kereta"), limit=1001) == 1
        search_index().matching_ids(stem_text("kereta"), newest=False, offset=0, limit=20)
    assert len(ids) == 1
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "articles_searchentry" in tables
    assert "wagtailcore_page" not in tables


@pytest.mark.parametrize(
    "query", ['"kereta', "kereta OR gempa", "NEAR(kereta cepat)", "kereta*", "title_stems:kereta", "^kereta", "'; --"]
)
def test_search_syntax_of_the_database_in_a_query_is_only_words(client, query):
    factories.article("Kereta cepat beroperasi")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_rebuild_puts_back_lost_entries_and_drops_stale_ones(client):
    kept = factories.article("Pelabuhan Tanjung Priok padat")
    hidden = factories.article("Pelabuhan Merak sepi")
    SearchEntry.objects.all().delete()
    ArticlePage.objects.filter(pk=hidden.pk).update(live=False)  # as a restore of an older database might leave it
    SearchEntry.objects.create(
        article_id=hidden.pk, published_at=hidden.published_at, title_stems="pelabuhan merak", body_stems=""
    )
    assert found_titles(client, "priok") == []

    call_command("rebuild_search_index", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert entry_ids() == {kept.pk}
    assert found_titles(client, "priok") == ["Pelabuhan Tanjung Priok padat"]


def test_an_entry_holds_the_roots_of_the_published_text():
    article = factories.article(
        "Pemilihan kepala daerah", summary="Warga memilih.", body=factories.paragraphs("<b>Ratusan</b> pemilih datang.")
    )
    entry = SearchEntry.objects.get(article=article)
    assert entry.title_stems == stem_text("Pemilihan kepala daerah")
    assert entry.body_stems == stem_text("Warga memilih. Ratusan pemilih datang.")
    assert entry.published_at == ArticlePage.objects.get(pk=article.pk).published_at
