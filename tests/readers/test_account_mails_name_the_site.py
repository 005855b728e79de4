"""Verification and password-reset mails name the site by KABAR_SITE_NAME and link under KABAR_BASE_URL,
whatever host the reader's request came in on, and never show a username the reader did not choose."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

SITE_NAME = "Warta Nusantara"
BASE_URL = "https://warta.example"
# The reader reached the site by its loopback address, as on a developer's machine or behind a proxy.
LOCAL = {"host": "127.0.0.1:8000"}


@pytest.fixture(autouse=True)
def site(settings):
    # As kabar/settings derives them from KABAR_SITE_NAME and KABAR_BASE_URL.
    settings.SITE_NAME = SITE_NAME
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
    settings.BASE_URL = BASE_URL


def assert_names_the_site(mail, username: str, address: str) -> None:
    whole = f"{mail.subject}\n{mail.body}"
    assert SITE_NAME in mail.subject
    assert SITE_NAME in mail.body
    assert f"{BASE_URL}/akun/" in mail.body
    for stray in ("127.0.0.1", "example.com", "testserver"):
        assert stray not in whole
    assert username not in whole.replace(address, "")


def test_the_verification_mail_names_the_site_and_its_address_not_the_request_host(client, mailoutbox):
    address = "pembaca.baru@warta.id"
    sign_up = {
        "name": "Sari Lestari",
        "email": address,
        "password1": "Kabar-Pagi-2029!",
        "password2": "Kabar-Pagi-2029!",
    }

    assert client.post("/akun/signup/", sign_up, headers=LOCAL).status_code == 302

    user = User.objects.get(email=address)
    [mail] = mailoutbox
    assert readers.link_in(mail.body, readers.CONFIRM_LINK).startswith(f"{BASE_URL}/akun/confirm-email/")
    assert_names_the_site(mail, user.username, address)


def test_the_password_reset_mail_names_the_site_and_its_address_not_the_request_host(client, mailoutbox):
    reader = readers.reader("Budi Santoso", email="budi.santoso@warta.id")
    # A username the reader never chose nor sees, unlike the address they log in with.
    User.objects.filter(pk=reader.pk).update(username="pengguna-7f3a9c")

    client.post("/akun/password/reset/", {"email": reader.email}, headers=LOCAL)

    [mail] = mailoutbox
    assert readers.link_in(mail.body, readers.RESET_LINK).startswith(f"{BASE_URL}/akun/password/reset/key/")
    assert_names_the_site(mail, "pengguna-7f3a9c", reader.email)
