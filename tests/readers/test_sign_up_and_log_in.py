"""Sign-up with a verified address, login back to where the reader was, password reset, logout."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from kabar.readers import queries
from tests import factories
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "name": "Sari Lestari",
    "email": "sari@example.com",
    "password1": "Kabar-Pagi-2029!",
    "password2": "Kabar-Pagi-2029!",
}


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_sign_up_sends_a_verification_mail_and_logs_in_only_after_it(client, mailoutbox):
    response = client.post("/akun/signup/", SIGN_UP)
    assert response.status_code == 302
    user = User.objects.get(email="sari@example.com")
    assert queries.reader_name(user, queries.profile_of(user)) == "Sari Lestari"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sari@example.com"]
    assert client.get("/akun/status/").json()["authenticated"] is False

    # Before the address is verified, the password alone does not let them in.
    client.post("/akun/login/", {"login": "sari@example.com", "password": SIGN_UP["password1"]})
    assert client.get("/akun/status/").json()["authenticated"] is False

    link = readers.link_in(mailoutbox[0].body, readers.CONFIRM_LINK)
    confirm_page = client.get(path_of(link))
    assert confirm_page.status_code == 200
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    client.post("/akun/login/", {"login": "sari@example.com", "password": SIGN_UP["password1"]})
    status = client.get("/akun/status/").json()
    assert status["authenticated"] is True and status["name"] == "Sari Lestari"


def test_sign_up_needs_a_name_and_a_password_that_is_not_weak(client, mailoutbox):
    response = client.post("/akun/signup/", {**SIGN_UP, "name": "", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    errors = " ".join(e.text for e in html(response).find_all("ul", cls="errorlist"))
    assert errors
    assert not User.objects.filter(email="sari@example.com").exists()
    assert mailoutbox == []


def test_login_returns_the_reader_to_the_page_they_came_from(client):
    article = factories.article("Berita yang sedang dibaca")
    reader = readers.reader()
    response = client.post(
        f"/akun/login/?next={article.dated_path()}", {"login": reader.email, "password": readers.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == article.dated_path()


def test_the_login_link_on_every_page_carries_that_page_as_next(client):
    article = factories.article("Berita dengan tombol masuk")
    for path in ["/", "/nasional/", article.dated_path(), "/search/?q=berita"]:
        link = html(client.get(path)).find("a", cls="site-account__login")
        assert link is not None, path
        assert link.attrs["href"] == f"/akun/saya/?next={urlsplit(path).path}", path


@pytest.mark.parametrize(
    "evil",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_refuses_a_next_that_leaves_the_site(client, evil):
    reader = readers.reader()
    response = client.post("/akun/login/", {"login": reader.email, "password": readers.PASSWORD, "next": evil})
    assert response.status_code == 302
    assert response["Location"] == "/akun/"


def test_login_refuses_an_absolute_url_even_to_this_host(client):
    reader = readers.reader()
    response = client.post(
        "/akun/login/", {"login": reader.email, "password": readers.PASSWORD, "next": "http://testserver/nasional/"}
    )
    assert response["Location"] == "/akun/"


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox):
    reader = readers.reader()
    client.post("/akun/password/reset/", {"email": reader.email})
    assert len(mailoutbox) == 1
    link = path_of(readers.link_in(mailoutbox[0].body, readers.RESET_LINK))
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "Sandi-Baru-Kabar-77"
    done = client.post(action, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new_password)


def test_password_reset_for_an_unknown_address_mails_no_link_and_answers_the_same(client, mailoutbox):
    known = readers.reader()
    to_known = client.post("/akun/password/reset/", {"email": known.email})
    to_unknown = client.post("/akun/password/reset/", {"email": "tidak-ada@example.com"})
    # The same answer either way, so the form does not tell who has an account.
    assert to_unknown.status_code == to_known.status_code == 302
    assert to_unknown["Location"] == to_known["Location"]
    assert [m for m in mailoutbox if readers.RESET_LINK.search(m.body)] == [mailoutbox[0]]
    assert mailoutbox[0].to == [known.email]


def test_logout_is_a_post_and_ends_the_session(client):
    reader = readers.reader()
    readers.log_in(client, reader)
    assert client.get("/akun/logout/").status_code == 200  # a confirmation page, not a logout
    assert client.get("/akun/status/").json()["authenticated"] is True
    response = client.post("/akun/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/akun/status/").json()["authenticated"] is False


def test_login_and_sign_up_pages_are_in_the_site_frame_with_the_benefits(client):
    for path in ["/akun/login/", "/akun/signup/"]:
        response = client.get(path)
        document = html(response)
        assert document.find("header", cls="site-header") is not None, path
        assert document.find("aside", cls="account__why") is not None, path
        assert document.find("meta", name="robots").attrs["content"] == "noindex"
        assert '<html lang="id">' in response.content.decode()
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # allauth's own Indonesian for its own words.
    assert "Masuk" in html(client.get("/akun/login/")).find("h1").text
    assert "Daftar" in html(client.get("/akun/signup/")).find("h1").text
