"""Google and Facebook login, switched on from settings; the providers' answers are mocked at the HTTP layer.

Everything else is real: allauth's views, the state check, the token exchange code, account
creation, verification mail and the session. Only `requests` never leaves the machine.
"""

from __future__ import annotations

import json
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User

from kabar.readers import queries
from tests import factories
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

GOOGLE_CLIENT = "kabar-uji.apps.googleusercontent.com"
FACEBOOK_CLIENT = "123456789"


def with_app(settings: Any, provider: str, client_id: str) -> None:
    providers = {name: dict(conf) for name, conf in settings.SOCIALACCOUNT_PROVIDERS.items()}
    providers[provider]["APPS"] = [{"client_id": client_id, "secret": "rahasia-uji", "key": ""}]
    settings.SOCIALACCOUNT_PROVIDERS = providers


@pytest.fixture
def google(settings):
    with_app(settings, "google", GOOGLE_CLIENT)


@pytest.fixture
def facebook(settings):
    with_app(settings, "facebook", FACEBOOK_CLIENT)


def response(payload: dict[str, Any], status: int = 200) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer._content = json.dumps(payload).encode()
    answer.headers["Content-Type"] = "application/json"
    return answer


class Provider:
    """Answers the provider's token and profile URLs; remembers what was asked."""

    def __init__(self, answers: dict[str, dict[str, Any]]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, str]] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.asked.append((method, url))
        for fragment, payload in self.answers.items():
            if fragment in url:
                return response(payload)
        return response({"error": f"unexpected {url}"}, status=500)


def start(client, provider: str, next_path: str | None = None) -> str:
    """Press the provider's button; returns the `state` Kabar sent to the provider."""
    query = f"?process=login&next={next_path}" if next_path else "?process=login"
    started = client.post(f"/akun/{provider}/login/{query}")
    assert started.status_code == 302, started.content.decode()[:500]
    return parse_qs(urlsplit(started["Location"]).query)["state"][0]


def google_id_token(email: str, *, verified: bool = True) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": GOOGLE_CLIENT,
        "sub": "110248495921238986420",
        "email": email,
        "email_verified": verified,
        "name": "Dewi Anggraini",
        "given_name": "Dewi",
        "family_name": "Anggraini",
        "iat": now,
        "exp": now + 3600,
    }
    # Fetched straight from Google over TLS, so allauth need not check the signature (OpenID Connect 3.1.3.7).
    return jwt.encode(claims, "kunci-uji-yang-tidak-diperiksa-oleh-allauth", algorithm="HS256")


def google_answers(email: str) -> dict[str, dict[str, Any]]:
    return {
        "oauth2.googleapis.com/token": {
            "access_token": "ya29.uji",
            "expires_in": 3599,
            "token_type": "Bearer",
            "id_token": google_id_token(email),
        }
    }


def test_without_a_client_no_provider_button_shows_and_its_urls_are_404(client):
    page = html(client.get("/akun/login/"))
    assert page.find("a", cls="account__provider") is None
    assert client.get("/akun/google/login/").status_code == 404
    assert client.post("/akun/facebook/login/").status_code == 404


def test_with_a_client_the_google_button_shows(client, google):
    buttons = html(client.get("/akun/login/")).find_all("a", cls="account__provider")
    assert [b.text.strip() for b in buttons] == ["Google"]
    assert buttons[0].attrs["href"].startswith("/akun/google/login/")


def test_google_login_makes_a_verified_reader_and_returns_to_the_page(client, google):
    article = factories.article("Dibaca sebelum masuk")
    state = start(client, "google", article.dated_path())
    provider = Provider(google_answers("dewi@example.com"))
    with mock.patch.object(requests.Session, "request", provider):
        done = client.get(f"/akun/google/login/callback/?state={state}&code=kode-uji")
    assert done.status_code == 302 and done["Location"] == article.dated_path()
    assert ("POST", "https://oauth2.googleapis.com/token") in provider.asked
    user = User.objects.get(email="dewi@example.com")
    assert SocialAccount.objects.get(user=user).provider == "google"
    assert EmailAddress.objects.get(user=user).verified
    assert not user.has_usable_password()
    status = client.get("/akun/status/").json()
    assert status["authenticated"] is True
    assert status["name"] == queries.reader_name(user) == "Dewi Anggraini"


def test_google_login_with_a_forged_state_is_refused(client, google):
    start(client, "google")
    provider = Provider(google_answers("dewi@example.com"))
    with mock.patch.object(requests.Session, "request", provider):
        done = client.get("/akun/google/login/callback/?state=palsu&code=kode-uji")
    assert done.status_code == 401  # allauth's "login failed" page
    assert not User.objects.filter(email="dewi@example.com").exists()
    assert client.get("/akun/status/").json()["authenticated"] is False


def test_google_login_opens_the_existing_account_with_that_verified_address(client, google):
    reader = readers.reader("Dewi", email="dewi@example.com")
    state = start(client, "google")
    with mock.patch.object(requests.Session, "request", Provider(google_answers("dewi@example.com"))):
        client.get(f"/akun/google/login/callback/?state={state}&code=kode-uji")
    assert User.objects.filter(email="dewi@example.com").count() == 1
    assert SocialAccount.objects.get().user_id == reader.pk
    assert client.get("/akun/status/").json()["authenticated"] is True


def test_facebook_login_needs_kabars_own_verification_of_the_address(client, facebook, mailoutbox):
    state = start(client, "facebook")
    provider = Provider(
        {
            "/oauth/access_token": {"access_token": "EAAuji", "token_type": "bearer", "expires_in": 5183944},
            "/me": {
                "id": "10224491234567",
                "email": "budi.fb@example.com",
                "name": "Budi Facebook",
                "first_name": "Budi",
                "last_name": "Facebook",
            },
        }
    )
    with mock.patch.object(requests.Session, "request", provider):
        done = client.get(f"/akun/facebook/login/callback/?state={state}&code=kode-uji")
    assert done.status_code == 302
    user = User.objects.get(email="budi.fb@example.com")
    assert SocialAccount.objects.get(user=user).provider == "facebook"
    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mailoutbox] == [["budi.fb@example.com"]]
    assert client.get("/akun/status/").json()["authenticated"] is False
