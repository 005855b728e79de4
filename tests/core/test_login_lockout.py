"""Behind our proxy, one client's failed logins lock out only that client and the account it tried:
every other editor, admin and reader still logs in (allauth's limits key on Kabar's client address)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kabar.newsroom.services import ADMINS, EDITORS
from tests import factories
from tests.newsroom import staff as accounts
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"


@pytest.fixture(autouse=True)
def _behind_our_proxy(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = [PROXY]
    # Each login hashes a password: a cheap hasher keeps 40 of them quick (the count is what matters).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def through_proxy(client_address: str) -> Client:
    """A browser whose requests reach Kabar through the proxy, which names it in X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def log_in(browser: Client, user: User, password: str):
    return browser.post("/akun/login/", {"login": user.email, "password": password})


def logged_in(browser: Client, user: User) -> bool:
    return browser.session.get("_auth_user_id") == str(user.pk)


def refused_as_locked(response) -> bool:
    """The login form's "too many failed login attempts" (the account's lock), or the client's 429."""
    if response.status_code == 429:
        return True
    errors = response.context["form"].non_field_errors().as_data() if response.status_code == 200 else []
    return any(error.code == "too_many_login_attempts" for error in errors)


def newsroom_and_readers() -> list[tuple[User, str]]:
    staff = [
        accounts.staff("redaktur1", EDITORS),
        accounts.staff("redaktur2", EDITORS),
        accounts.staff("redaktur3", EDITORS),
        accounts.staff("admin1", ADMINS),
    ]
    people = [(user, factories.STAFF_PASSWORD) for user in staff]
    people += [(readers.reader(email=f"pembaca{n}@example.com"), readers.PASSWORD) for n in range(5)]
    return people


def test_one_clients_failed_logins_lock_out_no_one_else_behind_the_proxy():
    victim = accounts.staff("redaktur-sasaran", EDITORS)
    others = newsroom_and_readers()
    attacker = through_proxy(ATTACKER)
    answers = [log_in(attacker, victim, f"tebakan-{n}").status_code for n in range(20)]
    answers += [
        attacker.post("/akun/login/", {"login": f"tebak{n}@example.com", "password": "salah"}).status_code
        for n in range(15)
    ]
    # The attacker is refused (429) once over allauth's limits for one client.
    assert answers[:5] == [200] * 5 and answers[-1] == 429
    for number, (user, password) in enumerate(others, start=1):
        browser = through_proxy(f"198.51.100.{number}")
        response = log_in(browser, user, password)
        assert response.status_code == 302, (user.email, response.status_code)
        assert logged_in(browser, user), user.email
    assert len(others) == 9


def test_an_accounts_lock_never_locks_another_account_from_the_same_client():
    victim = accounts.staff("redaktur-sasaran", EDITORS)
    colleague = accounts.staff("redaktur-lain", EDITORS)
    # A shared newsroom address: someone there mistypes the victim's password until that account locks.
    office = through_proxy("192.0.2.10")
    answers = [log_in(office, victim, f"salah-{n}") for n in range(6)]
    assert not any(refused_as_locked(answer) for answer in answers[:5])
    assert refused_as_locked(answers[5])
    # The victim's account stays locked for its window, from anywhere ...
    elsewhere = through_proxy("198.51.100.200")
    assert refused_as_locked(log_in(elsewhere, victim, factories.STAFF_PASSWORD))
    assert not logged_in(elsewhere, victim)
    # ... and the colleague at the same office logs in.
    response = log_in(through_proxy("192.0.2.10"), colleague, factories.STAFF_PASSWORD)
    assert response.status_code == 302


def test_without_a_trusted_proxy_the_forwarded_address_is_not_believed(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = []
    someone = readers.reader(email="seseorang@example.com")
    # The client claims a fresh address with every try: it is still one client, and is refused.
    answers = [
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").post(
            "/akun/login/", {"login": f"tebak{n}@example.com", "password": "salah"}
        )
        for n in range(11)
    ]
    assert not any(refused_as_locked(answer) for answer in answers[:10])
    assert refused_as_locked(answers[10])
    response = log_in(Client(REMOTE_ADDR="198.51.100.77"), someone, readers.PASSWORD)
    assert response.status_code == 302
