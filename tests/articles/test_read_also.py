import datetime as dt

import pytest
from django.test import RequestFactory

from kabar.articles import queries, services
from kabar.articles.models import ArticlePage
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db

SIX_PARAGRAPHS = ["Satu.", "Dua.", "Tiga.", "Empat.", "Lima.", "Enam."]


def ago(hours: float) -> dt.datetime:
    return factories.now() - dt.timedelta(hours=hours)


def shape(items: list[queries.BodyItem]) -> list[str]:
    """The body as block types, automatic "Baca juga" written as "auto"."""
    return ["auto" if item.automatic else item.block_type for item in items]


@pytest.fixture
def related():
    """Two published articles in the Nasional section, for the automatic links to pick from."""
    nasional = factories.section("Nasional")
    return [factories.article(f"Terkait {n}", in_section=nasional, published_at=ago(n)) for n in (1, 2)]


def test_two_automatic_links_after_the_second_and_fifth_paragraphs_when_none_were_placed(related):
    page = factories.article("Utama", body=factories.paragraphs(*SIX_PARAGRAPHS))
    items = queries.body_with_read_also(page)
    assert shape(items) == [
        "paragraph",
        "paragraph",
        "auto",
        "paragraph",
        "paragraph",
        "paragraph",
        "auto",
        "paragraph",
    ]
    assert {item.read_also.pk for item in items if item.automatic} == {a.pk for a in related}


def test_one_automatic_link_when_the_editor_placed_one(related):
    placed = factories.article("Dipilih redaktur", in_section=factories.section("Ekonomi"))
    body = [
        *factories.paragraphs(*SIX_PARAGRAPHS[:3]),
        factories.read_also(placed),
        *factories.paragraphs(*SIX_PARAGRAPHS[3:]),
    ]
    page = factories.article("Utama", body=body)
    items = queries.body_with_read_also(page)
    assert shape(items).count("read_also") == 1
    assert shape(items).count("auto") == 1
    assert shape(items)[:3] == ["paragraph", "paragraph", "auto"]


def test_no_automatic_links_when_the_editor_placed_two(related):
    first, second = related
    body = [factories.read_also(first), *factories.paragraphs(*SIX_PARAGRAPHS), factories.read_also(second)]
    page = factories.article("Utama", body=body)
    assert "auto" not in shape(queries.body_with_read_also(page))


def test_automatic_links_never_repeat_an_article_the_editor_placed(related):
    placed = related[0]
    body = [
        *factories.paragraphs(*SIX_PARAGRAPHS[:1]),
        factories.read_also(placed),
        *factories.paragraphs(*SIX_PARAGRAPHS[1:]),
    ]
    page = factories.article("Utama", body=body)
    automatic = [item.read_also.pk for item in queries.body_with_read_also(page) if item.automatic]
    assert automatic == [related[1].pk]


def test_candidates_come_from_the_topic_first_then_shared_tags_then_the_section():
    nasional = factories.section("Nasional")
    story = factories.topic("Gempa Cianjur")
    same_section = factories.article("Sama rubrik", in_section=nasional, published_at=ago(1))
    shared_tag = factories.article(
        "Sama tag", in_section=factories.section("Ekonomi"), tags=["gempa"], published_at=ago(2)
    )
    same_topic = factories.article(
        "Sama topik", in_section=factories.section("Sains"), topic=story, published_at=ago(3)
    )
    factories.article("Tak terkait", in_section=factories.section("Olahraga"), published_at=ago(0.5))
    page = factories.article("Utama", in_section=nasional, topic=story, tags=["gempa"])
    assert queries.read_also_candidates(page, 3, set()) == [same_topic, shared_tag, same_section]
    assert queries.read_also_candidates(page, 2, set()) == [same_topic, shared_tag]


def test_candidates_within_one_kind_are_newest_first():
    nasional = factories.section("Nasional")
    older = factories.article("Lebih lama", in_section=nasional, published_at=ago(10))
    newer = factories.article("Lebih baru", in_section=nasional, published_at=ago(1))
    page = factories.article("Utama", in_section=nasional)
    assert queries.read_also_candidates(page, 2, set()) == [newer, older]


def test_candidates_are_never_the_article_itself_a_draft_or_an_unpublished_article():
    nasional = factories.section("Nasional")
    story = factories.topic("Pemilu 2024")
    factories.article("Draf", in_section=nasional, topic=story, published=False)
    withdrawn = factories.article("Ditarik", in_section=nasional, topic=story)
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    page = factories.article("Utama", in_section=nasional, topic=story, body=factories.paragraphs(*SIX_PARAGRAPHS))
    assert queries.read_also_candidates(page, 2, set()) == []
    assert "auto" not in shape(queries.body_with_read_also(page))


def test_candidate_tags_do_not_count_one_article_twice():
    nasional = factories.section("Nasional")
    twice = factories.article("Dua tag sama", in_section=factories.section("Ekonomi"), tags=["banjir", "jakarta"])
    page = factories.article("Utama", in_section=nasional, tags=["banjir", "jakarta"])
    assert queries.read_also_candidates(page, 2, set()) == [twice]


def test_rendered_page_shows_automatic_links_without_the_preview_marker(client, related):
    page = factories.article("Utama", body=factories.paragraphs(*SIX_PARAGRAPHS))
    body = html(client.get(page.dated_path())).find("div", cls="article__body")
    links = body.find_all("p", cls="read-also")
    assert len(links) == 2
    assert all("read-also--automatic" in link.classes for link in links)
    assert all("data-automatic" not in link.attrs for link in links)
    assert {link.find("a").attrs["href"] for link in links} == {a.dated_path() for a in related}


def test_preview_marks_automatic_links_but_not_placed_ones(related):
    placed = factories.article("Dipilih redaktur", in_section=factories.section("Ekonomi"))
    body = [
        *factories.paragraphs(*SIX_PARAGRAPHS[:3]),
        factories.read_also(placed),
        *factories.paragraphs(*SIX_PARAGRAPHS[3:]),
    ]
    page = factories.article("Utama", body=body)
    response = page.make_preview_request(RequestFactory().get("/"))
    assert response.status_code == 200
    links = html(response).find("div", cls="article__body").find_all("p", cls="read-also")
    marked = [link.find("a").attrs["href"] for link in links if link.attrs.get("data-automatic") == "true"]
    unmarked = [link.find("a").attrs["href"] for link in links if "data-automatic" not in link.attrs]
    assert unmarked == [placed.dated_path()]
    assert len(marked) == 1
    assert marked[0] in {a.dated_path() for a in related}


def test_placed_link_to_a_withdrawn_article_is_not_shown(client):
    withdrawn = factories.article("Akan ditarik", in_section=factories.section("Ekonomi"))
    page = factories.article("Utama", body=[*factories.paragraphs("Satu."), factories.read_also(withdrawn)])
    before = html(client.get(page.dated_path())).find("div", cls="article__body")
    assert withdrawn.dated_path() in before.links()
    services.unpublish_article(ArticlePage.objects.get(pk=withdrawn.pk))
    body = html(client.get(page.dated_path())).find("div", cls="article__body")
    assert withdrawn.dated_path() not in body.links()


def test_preview_of_a_never_published_draft_renders_with_automatic_links_marked(related):
    draft = factories.article("Draf untuk pratinjau", body=factories.paragraphs(*SIX_PARAGRAPHS), published=False)
    response = draft.make_preview_request(RequestFactory().get("/"))
    assert response.status_code == 200
    document = html(response)
    assert document.find("h1", cls="article__headline").text == "Draf untuk pratinjau"
    links = document.find("div", cls="article__body").find_all("p", cls="read-also")
    assert [link.attrs.get("data-automatic") for link in links] == ["true", "true"]
    # A preview is not a read: no view counter.
    assert document.find("img", cls="hit") is None
