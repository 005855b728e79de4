""" "Simpan" and "Tersimpan": the read-later list, with and without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.articles.services import unpublish_article
from kabar.readers import services
from kabar.readers.models import SavedArticle
from tests import factories
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def saved_headlines(client, query: str = "") -> list[str]:
    document = html(client.get(f"/akun/tersimpan/{query}"))
    return [h.text.strip() for h in document.find_all("h2", cls="card__headline")]


def test_saving_puts_the_article_on_top_of_tersimpan_and_saving_again_keeps_its_place(client):
    first, second = factories.article("Berita pertama"), factories.article("Berita kedua")
    reader = readers.reader()
    readers.log_in(client, reader)
    assert client.post(f"/akun/simpan/{first.pk}/", {"action": "save"}, headers=JSON).json() == {"saved": True}
    client.post(f"/akun/simpan/{second.pk}/", {"action": "save"}, headers=JSON)
    client.post(f"/akun/simpan/{first.pk}/", {"action": "save"}, headers=JSON)
    assert SavedArticle.objects.filter(reader=reader).count() == 2
    assert saved_headlines(client) == ["Berita kedua", "Berita pertama"]


def test_removing_takes_it_off_the_list(client):
    article = factories.article("Berita yang dibatalkan")
    reader = readers.reader()
    services.save_article_for_later(reader, article.pk)
    readers.log_in(client, reader)
    assert client.post(f"/akun/simpan/{article.pk}/", {"action": "remove"}, headers=JSON).json() == {"saved": False}
    assert saved_headlines(client) == []
    page = html(client.get("/akun/tersimpan/"))
    assert page.find("p", cls="empty") is not None


def test_each_reader_sees_only_their_own_saved_articles(client):
    article, other = factories.article("Milik Budi"), factories.article("Milik Sari")
    budi, sari = readers.reader("Budi"), readers.reader("Sari")
    services.save_article_for_later(budi, article.pk)
    services.save_article_for_later(sari, other.pk)
    services.save_article_for_later(sari, article.pk)
    readers.log_in(client, budi)
    assert saved_headlines(client) == ["Milik Budi"]


def test_an_unpublished_article_cannot_be_saved_and_leaves_the_list(client):
    kept, pulled = factories.article("Tetap tayang"), factories.article("Ditarik redaksi")
    draft = factories.article("Masih draf", published=False)
    reader = readers.reader()
    services.save_article_for_later(reader, kept.pk)
    services.save_article_for_later(reader, pulled.pk)
    unpublish_article(pulled)
    readers.log_in(client, reader)
    assert saved_headlines(client) == ["Tetap tayang"]
    assert client.post(f"/akun/simpan/{draft.pk}/", {"action": "save"}, headers=JSON).status_code == 404
    assert client.post("/akun/simpan/999999/", {"action": "save"}, headers=JSON).status_code == 404
    with pytest.raises(services.ArticleNotFound):
        services.save_article_for_later(reader, draft.pk)


def test_an_unknown_action_is_refused(client):
    article = factories.article()
    readers.log_in(client, readers.reader())
    assert client.post(f"/akun/simpan/{article.pk}/", {"action": "hapus-semua"}).status_code == 400


def test_without_javascript_simpan_asks_to_log_in_then_confirms_then_goes_back(client):
    article = factories.article("Dibaca nanti")
    reader = readers.reader()
    link = html(client.get(article.dated_path())).find("a", cls="reader-action")
    assert link.attrs["href"] == f"/akun/simpan/{article.pk}/"
    to_login = client.get(link.attrs["href"])
    assert to_login.status_code == 302
    assert to_login["Location"] == f"/akun/login/?next={link.attrs['href']}"
    logged_in = client.post(to_login["Location"], {"login": reader.email, "password": readers.PASSWORD})
    assert logged_in["Location"] == link.attrs["href"]
    form = html(client.get(link.attrs["href"])).find("form", cls="account__form")
    fields = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    assert fields["action"] == "save" and fields["next"] == article.dated_path()
    done = client.post(link.attrs["href"], fields)
    assert done.status_code == 302 and done["Location"] == article.dated_path()
    assert saved_headlines(client) == ["Dibaca nanti"]


def test_the_no_script_form_never_sends_the_reader_off_the_site(client):
    article = factories.article()
    readers.log_in(client, readers.reader())
    done = client.post(f"/akun/simpan/{article.pk}/", {"action": "save", "next": "//evil.example/"})
    assert done["Location"] == article.dated_path()
    confirm = html(client.get(f"/akun/simpan/{article.pk}/?next=https://evil.example/"))
    assert confirm.find("input", name="next").attrs["value"] == article.dated_path()


def test_a_logged_out_post_from_a_script_does_not_save(client):
    article = factories.article()
    response = client.post(f"/akun/simpan/{article.pk}/", {"action": "save"}, headers=JSON)
    assert response.status_code == 302
    assert not SavedArticle.objects.exists()


def test_tersimpan_reads_the_database_a_fixed_number_of_times(client):
    reader = readers.reader()
    readers.log_in(client, reader)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            article = factories.article(
                f"Simpanan {n}",
                lead_image=factories.image(size=(480, 270)),
                published_at=factories.now() - dt.timedelta(minutes=n),
            )
            services.save_article_for_later(reader, article.pk)

    def count() -> int:
        client.get("/akun/tersimpan/")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/akun/tersimpan/").status_code == 200
        return len(queries)

    add(3, 0)
    few = count()
    add(12, 3)
    assert count() == few
    assert len(saved_headlines(client)) == 15
