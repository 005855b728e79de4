import pytest
from django.db import IntegrityError

from kabar.people.models import Person
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def test_person_gets_a_slug_from_the_name():
    person = Person.objects.create(name="Siti Nurhaliza Putri")
    assert person.slug == "siti-nurhaliza-putri"
    assert person.get_absolute_url() == "/penulis/siti-nurhaliza-putri/"


def test_given_slug_is_kept():
    assert Person.objects.create(name="Budi", slug="budi-santoso").slug == "budi-santoso"


def test_two_people_cannot_share_a_slug():
    Person.objects.create(name="Agus", slug="agus")
    with pytest.raises(IntegrityError):
        Person.objects.create(name="Agus Lain", slug="agus")


def test_author_page_shows_the_person_and_their_published_articles_only(client):
    writer = factories.person("Rina Wijaya")
    Person.objects.filter(pk=writer.pk).update(title="Wartawan senior", bio="Meliput politik sejak 2010.")
    published = factories.article("Tulisan Rina", writers=[writer])
    factories.article("Draf Rina", writers=[writer], published=False)
    factories.article("Tulisan orang lain", writers=[factories.person("Budi Santoso")])
    response = client.get(writer.get_absolute_url())
    assert response.status_code == 200
    document = html(response)
    header = document.find("header", cls="author")
    assert header.find("h1").text == "Rina Wijaya"
    assert "Wartawan senior" in header.text
    assert "Meliput politik sejak 2010." in header.text
    listing = document.find("div", cls="listing__main")
    assert [h.text.strip() for h in listing.find_all("h3", cls="card__headline")] == [published.title]


def test_co_written_article_appears_once_on_each_writers_page(client):
    rina = factories.person("Rina Wijaya")
    budi = factories.person("Budi Santoso")
    page = factories.article("Ditulis berdua", writers=[rina, budi])
    for person in (rina, budi):
        listing = html(client.get(person.get_absolute_url())).find("div", cls="listing__main")
        assert [h.text.strip() for h in listing.find_all("h3", cls="card__headline")] == [page.title]


def test_article_byline_lists_writers_in_the_order_the_editor_set(client):
    first = factories.person("Zaenal Arifin")
    second = factories.person("Ani Lestari")
    page = factories.article("Urutan penulis", writers=[first, second])
    credits = html(client.get(page.dated_path())).find("dl", cls="article__credits")
    assert [a.text for a in credits.find_all("a", rel="author")] == ["Zaenal Arifin", "Ani Lestari"]


def test_author_page_of_a_person_without_articles_is_empty_not_missing(client):
    person = factories.person("Penulis Baru")
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert html(response).find("div", cls="listing__main").find("p", cls="empty") is not None
