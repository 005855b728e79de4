"""Readers' search reads its own table, which holds exactly the articles readers may see."""

from __future__ import annotations

import datetime as dt
import io

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


def test_results_come_newest_first_and_most_relevant_puts_the_title_match_first(client):
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
    assert found_titles(client, "karawang") == [
        "Rapat anggaran daerah",
        "Karawang bersiap menyambut panen",
        "Harga beras naik",
    ]
    assert found_titles(client, "karawang", sort="relevant")[0] == "Karawang bersiap menyambut panen"


def test_the_sort_choice_is_kept_from_page_to_page(client):
    for n in range(21):
        factories.article(f"Laporan gempa {n}")
    response = client.get("/search/", {"q": "gempa", "sort": "relevant"})
    older = html(response).find("a", rel="next")
    assert "sort=relevant" in older.attrs["href"]
    assert "q=gempa" in older.attrs["href"]


def test_a_search_counts_up_to_a_limit_and_pages_up_to_a_limit(client, monkeypatch):
    monkeypatch.setattr(queries, "SEARCH_COUNTED", 5)
    monkeypatch.setattr(queries, "SEARCH_MAX_PAGES", 3)
    for n in range(9):
        factories.article(f"Kabar pasar {n}")
    first = queries.search_page("pasar", per_page=2)
    assert (first.count, first.more_than_counted, first.has_next(), len(first)) == (5, True, True, 2)
    assert client.get("/search/", {"q": "pasar"}).context["results_page"].more_than_counted
    assert "Lebih dari 5 hasil" in client.get("/search/", {"q": "pasar"}).content.decode()

    third = queries.search_page("pasar", 3, per_page=2)
    assert (third.number, third.has_next(), third.has_previous(), len(third)) == (3, False, True, 2)
    assert queries.search_page("pasar", 99, per_page=2).number == 3  # no deeper than the last page

    exact = queries.search_page("pasar 8", per_page=2)
    assert (exact.count, exact.more_than_counted, exact.has_next()) == (1, False, False)
    assert queries.search_page("pasar 8", 7, per_page=2).number == 1

    everything = [a.pk for n in (1, 2, 3) for a in queries.search_page("pasar", n, per_page=2)]
    assert len(set(everything)) == 6


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

    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "Indeks pencarian: 1 artikel" in out.getvalue()
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


def test_most_relevant_ranks_the_newest_matches_then_lists_the_rest_newest_first(monkeypatch):
    from kabar.articles import search_index as index_module

    monkeypatch.setattr(index_module, "RANK_WINDOW", 3)
    now = factories.now()
    # Oldest first: a title match among the oldest must not be ranked above the newest three.
    made = [
        factories.article(
            title, body=factories.paragraphs("Kabar gempa susulan."), published_at=now - dt.timedelta(hours=10 - n)
        )
        for n, title in enumerate(["Gempa lama", "Laporan satu", "Laporan dua", "Laporan tiga", "Gempa baru", "Akhir"])
    ]
    newest_first = [a.pk for a in reversed(made)]
    index, stems = search_index(), stem_text("gempa")

    everything = index_module.ranked_then_newest(index, stems, 0, 6)
    assert everything[0] == made[4].pk  # the newest three ranked: the title match first
    assert set(everything[:3]) == set(newest_first[:3])
    assert everything[3:] == newest_first[3:]  # then the rest, newest first
    assert index_module.ranked_then_newest(index, stems, 2, 3) == everything[2:5]
    assert index_module.ranked_then_newest(index, stems, 4, 20) == everything[4:]
