"""Repeated wrong passwords lock the address out for a while, with a message that says so."""

from __future__ import annotations

import pytest

from kabar.newsroom.services import EDITORS
from tests.i18n import site_html
from tests.newsroom import staff as accounts
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

# allauth's default ACCOUNT_RATE_LIMITS["login_failed"]: 5 failures per address in 5 minutes.
ALLOWED_FAILURES = 5
LOCKED_OUT = "Too many failed login attempts. Try again later."


def log_in(client, email: str, password: str, ip: str = "192.0.2.10"):
    return client.post("/akun/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(client):
    reader = readers.reader(email="pembaca@example.com")
    for _ in range(ALLOWED_FAILURES):
        response = log_in(client, reader.email, "salah-sekali-1")
        assert response.status_code == 200
        assert site_html(LOCKED_OUT) not in response.content.decode()
    response = log_in(client, reader.email, readers.PASSWORD)
    assert response.status_code == 200
    assert site_html(LOCKED_OUT) in response.content.decode()
    assert client.get("/akun/status/").json()["authenticated"] is False


def test_the_lock_out_is_per_address_not_for_everyone(client):
    locked = readers.reader(email="terkunci@example.com")
    other = readers.reader(email="lain@example.com")
    for _ in range(ALLOWED_FAILURES):
        log_in(client, locked.email, "salah-sekali-1", ip="192.0.2.11")
    assert site_html(LOCKED_OUT) in log_in(client, locked.email, readers.PASSWORD, ip="192.0.2.12").content.decode()
    assert log_in(client, other.email, readers.PASSWORD, ip="192.0.2.12").status_code == 302


def test_staff_accounts_are_locked_out_the_same_way(client):
    editor = accounts.staff("redaktur", EDITORS)
    for _ in range(ALLOWED_FAILURES):
        log_in(client, editor.email, "salah-sekali-1")
    response = accounts.password_login(client, editor, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    assert site_html(LOCKED_OUT) in response.content.decode()


def test_a_lock_out_message_is_translated_for_the_site():
    # allauth ships the Indonesian for it; the site language is Indonesian.
    assert site_html(LOCKED_OUT) != LOCKED_OUT
