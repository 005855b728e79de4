import pytest

from kabar.articles import queries, services
from kabar.articles.models import ArticlePage
from kabar.articles.views import SEARCH_QUERY_MAX_LENGTH
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def found_titles(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    main = html(response).find("main")
    return [h.text.strip() for h in main.find_all("h3", cls="card__headline")]


@pytest.fixture
def election_and_sorrow():
    election = factories.article(
        "Jadwal pemilu diumumkan",
        summary="KPU menetapkan tanggal.",
        body=factories.paragraphs("Pemilu digelar Februari."),
    )
    sorrow = factories.article(
        "Kisah pilu korban banjir", summary="Warga kehilangan rumah.", body=factories.paragraphs("Hatinya pilu.")
    )
    return election, sorrow


def test_searching_pemilu_does_not_find_an_article_about_pilu(client, election_and_sorrow):
    assert found_titles(client, "pemilu") == ["Jadwal pemilu diumumkan"]


def test_searching_pilu_does_not_find_an_article_about_pemilu(client, election_and_sorrow):
    assert found_titles(client, "pilu") == ["Kisah pilu korban banjir"]


def test_searching_pemilihan_finds_an_article_that_says_memilih(client):
    factories.article("Warga memilih kepala desa", body=factories.paragraphs("Ratusan warga datang memilih."))
    factories.article("Harga cabai naik", body=factories.paragraphs("Pedagang mengeluh."))
    assert found_titles(client, "pemilihan") == ["Warga memilih kepala desa"]


def test_search_matches_words_in_the_body_not_only_the_title(client):
    factories.article("Rapat di Senayan", body=factories.paragraphs("Anggota dewan membahas anggaran pendidikan."))
    assert found_titles(client, "pendidikan") == ["Rapat di Senayan"]


def test_search_needs_every_word(client):
    factories.article("Banjir di Jakarta", body=factories.paragraphs("Air setinggi lutut."))
    factories.article("Banjir di Bekasi", body=factories.paragraphs("Air setinggi pinggang."))
    assert found_titles(client, "banjir bekasi") == ["Banjir di Bekasi"]


def test_drafts_and_unpublished_articles_are_never_found(client):
    factories.article("Gempa di Cianjur terbit")
    factories.article("Gempa di Cianjur draf", published=False)
    withdrawn = factories.article("Gempa di Cianjur ditarik")
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    assert found_titles(client, "gempa cianjur") == ["Gempa di Cianjur terbit"]


def test_unpublished_changes_of_a_live_article_are_not_searchable(client):
    page = factories.article("Gubernur meresmikan jembatan")
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.title = "Gubernur meresmikan bendungan rahasia"
    draft.save_revision()
    assert found_titles(client, "bendungan") == []
    assert found_titles(client, "jembatan") == ["Gubernur meresmikan jembatan"]


def test_empty_query_shows_the_form_without_results(client):
    factories.article("Ada berita")
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results_page"] is None
    assert html(response).find("input", id="search-q") is not None


def test_query_of_only_punctuation_finds_nothing(client):
    factories.article("Ada berita")
    assert found_titles(client, "?!...") == []


def test_ten_thousand_character_query_is_truncated_not_an_error(client):
    factories.article("Banjir di Bekasi")
    query = "banjir " * (10_000 // 7)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["query"]) <= SEARCH_QUERY_MAX_LENGTH
    assert [h.text for h in html(response).find("main").find_all("h3", cls="card__headline")] == ["Banjir di Bekasi"]


def test_search_results_paginate(client):
    for n in range(23):
        factories.article(f"Laporan banjir {n}")
    first = client.get("/search/", {"q": "banjir"})
    second = client.get("/search/", {"q": "banjir", "page": 2})
    assert first.context["results_page"].count == 23
    assert len(first.context["results_page"]) == 20
    assert len(second.context["results_page"]) == 3


def test_search_page_query_function_uses_the_same_stems_as_the_index():
    factories.article("Kemenangan tim nasional")
    assert [a.title for a in queries.search_page("menang")] == ["Kemenangan tim nasional"]
    assert list(queries.search_page("")) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  banjir  ", "banjir"),
        ("a" * 199 + " banjir", "a" * 199),
        ("kata " * 40 + "banjir", ("kata " * 40).strip()),
        ("x" * 500, "x" * 200),
    ],
)
def test_long_queries_are_cut_between_words(raw, expected):
    assert queries.clean_search_query(raw) == expected
    assert len(queries.clean_search_query(raw)) <= SEARCH_QUERY_MAX_LENGTH


def test_with_the_database_queue_an_article_becomes_searchable_once_the_worker_runs_its_tasks(client, settings):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    factories.article("Kereta cepat diresmikan")
    assert found_titles(client, "kereta") == []
    queued = list(DBTaskResult.objects.ready())
    assert queued
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for task_result in queued:
        worker.run_task(task_result)
    assert found_titles(client, "kereta") == ["Kereta cepat diresmikan"]
