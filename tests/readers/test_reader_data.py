"""The reader's data is theirs (UU 27/2022): download all of it, delete the account with it."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage

from kabar.core.hooks import EXPORT_READER_DATA, FORGET_READER
from kabar.readers import services
from kabar.readers.models import Follow, ReaderProfile, ReadingHistory, SavedArticle
from tests import factories
from tests.hooks import only
from tests.readers import factories as readers
from tests.readers import hooks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_test_hooks(monkeypatch):
    """The other apps' real hooks are theirs to test; these stand-ins record what readers asks of them."""
    only(monkeypatch, EXPORT_READER_DATA, hooks.export_notes)
    only(monkeypatch, FORGET_READER, hooks.forget_notes)
    hooks.calls.clear()


@pytest.fixture
def busy_reader():
    writer = factories.person("Rina Wijaya")
    article = factories.article("Berita tersimpan", writers=[writer])
    read = factories.article("Berita terbaca")
    reader = readers.reader("Budi Santoso", email="budi@example.com")
    services.update_profile(reader, display_name="Budi Santoso", avatar=readers.picture())
    services.save_article_for_later(reader, article.pk)
    services.record_reading(reader, read.pk)
    services.follow(reader, "writer", writer.pk)
    services.follow(reader, "section", article.section_id)
    return reader


def download(client) -> dict:
    response = client.get("/akun/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kabar-data-saya-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_download_holds_everything_kabar_keeps_about_the_reader(client, busy_reader):
    readers.log_in(client, busy_reader)
    data = download(client)
    assert data["account"]["email"] == "budi@example.com"
    assert data["account"]["id"] == busy_reader.pk
    assert data["emails"] == [{"email": "budi@example.com", "verified": True, "primary": True}]
    assert data["social_accounts"] == []
    assert data["profile"]["display_name"] == "Budi Santoso"
    assert data["profile"]["avatar_url"].endswith(".jpg")
    assert [s["headline"] for s in data["saved_articles"]] == ["Berita tersimpan"]
    assert data["saved_articles"][0]["url"].endswith(SavedArticle.objects.get().article.dated_path())
    assert [r["headline"] for r in data["reading_history"]] == ["Berita terbaca"]
    assert {(f["kind"], f["name"]) for f in data["follows"]} == {("section", "Nasional"), ("writer", "Rina Wijaya")}
    # And what the other apps hold, through their exporters.
    assert data["notes"] == [{"text": "catatan budi@example.com"}]
    assert hooks.calls == [("export", busy_reader.pk, None)]
    assert "password" not in json.dumps(data)


def test_the_download_needs_a_login(client):
    response = client.get("/akun/data/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


def test_an_exporter_may_not_overwrite_another_part(monkeypatch, busy_reader):
    only(monkeypatch, EXPORT_READER_DATA, hooks.export_clashing)
    with pytest.raises(ImproperlyConfigured, match="profile"):
        services.export_reader_data(busy_reader)


# --- deleting the account ------------------------------------------------------------------------


def delete_form(client, **fields):
    data = {"password": readers.PASSWORD, "comments": "anonymise", "confirm": "on", **fields}
    return client.post("/akun/hapus/", data)


def test_deleting_the_account_removes_the_reader_and_everything_of_theirs(
    client, busy_reader, django_capture_on_commit_callbacks
):
    avatar = ReaderProfile.objects.get(user=busy_reader).avatar.name
    assert default_storage.exists(avatar)
    readers.log_in(client, busy_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_form(client, comments="remove")
    assert response.status_code == 302 and response["Location"] == "/akun/terhapus/"
    assert not User.objects.filter(pk=busy_reader.pk).exists()
    for model in (ReaderProfile, SavedArticle, ReadingHistory, Follow):
        assert not model.objects.exists(), model
    assert not EmailAddress.objects.filter(email="budi@example.com").exists()
    assert not default_storage.exists(avatar)
    assert hooks.calls == [("forget", busy_reader.pk, True)]
    # Logged out, and the page that says so is there.
    assert client.get("/akun/status/").json()["authenticated"] is False
    assert client.get("/akun/terhapus/").status_code == 200


def test_anonymising_comments_is_passed_on_to_the_handlers(client, monkeypatch, busy_reader):
    only(monkeypatch, FORGET_READER, hooks.forget_notes, hooks.forget_keyword_only)
    readers.log_in(client, busy_reader)
    delete_form(client, comments="anonymise")
    assert hooks.calls == [("forget", busy_reader.pk, False), ("forget-keyword", busy_reader.pk, False)]


@pytest.mark.parametrize(
    "fields",
    [
        {"password": "bukan-sandinya"},
        {"confirm": ""},
        {"comments": ""},
        {"comments": "simpan-semua"},
    ],
)
def test_deleting_needs_the_password_a_choice_and_a_confirmation(client, busy_reader, fields):
    readers.log_in(client, busy_reader)
    response = delete_form(client, **fields)
    assert response.status_code == 400
    assert User.objects.filter(pk=busy_reader.pk).exists()
    assert hooks.calls == []


def test_a_failing_handler_deletes_nothing_and_tells_the_reader(client, monkeypatch, busy_reader, caplog):
    only(monkeypatch, FORGET_READER, hooks.forget_notes, hooks.forget_failing)
    readers.log_in(client, busy_reader)
    response = delete_form(client)
    assert response.status_code == 400
    assert "Nothing was deleted" in response.content.decode() or "Tidak ada" in response.content.decode()
    assert User.objects.filter(pk=busy_reader.pk).exists()
    assert SavedArticle.objects.filter(reader=busy_reader).exists()
    assert "not deleted" in caplog.text


def test_an_account_without_a_password_confirms_with_its_address(client):
    reader = readers.reader("Dari Google", email="google@example.com", password=None)
    client.force_login(reader)
    assert delete_form(client, password="", email="lain@example.com").status_code == 400
    response = delete_form(client, password="", email="google@example.com")
    assert response.status_code == 302
    assert not User.objects.filter(pk=reader.pk).exists()


def test_newsroom_accounts_are_not_deleted_from_the_readers_page(client):
    editor = factories.staff("redaktur-hapus", None, superuser=True)
    client.force_login(editor)
    assert client.get("/akun/hapus/").status_code == 403
    fields = {"password": factories.STAFF_PASSWORD, "comments": "remove", "confirm": "on"}
    assert client.post("/akun/hapus/", fields).status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()
    with pytest.raises(services.StaffAccountError):
        services.delete_reader_account(editor, remove_comments=True)
