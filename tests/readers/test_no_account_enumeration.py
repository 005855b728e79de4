"""Login, sign-up and password reset answer the same for addresses with and without an account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.test import Client

from kabar.core import mail
from kabar.newsroom.services import EDITORS
from tests.newsroom import staff as accounts
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db

SIGN_UP = {"name": "Sari Lestari", "password1": "Kabar-Pagi-2029!", "password2": "Kabar-Pagi-2029!"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


class CountingHasher(PBKDF2PasswordHasher):
    """Django's default hasher, counting how often a password is hashed (checked or set)."""

    algorithm = "pbkdf2_sha256"  # the same stored format, so existing hashes check as before
    iterations = 1000  # only the count matters here, not the cost
    calls = 0

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        type(self).calls += 1
        return super().encode(password, salt, iterations)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0

    def count() -> int:
        calls, CountingHasher.calls = CountingHasher.calls, 0
        return calls

    return count


@pytest.fixture
def queued_mails(settings):
    """Tasks are queued, not run (as for `kabar worker`); takes the mails queued since the last call."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    def take() -> list[dict]:
        messages = [r.args[0] for r in default_task_backend.results if r.task.func is mail.send_message.func]
        default_task_backend.clear()
        return messages

    return take


def page_text(response) -> str:
    return CSRF.sub("", response.content.decode())


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client):
    known = readers.reader(email="ada@example.com")
    wrong = client.post("/akun/login/", {"login": known.email, "password": "salah-sekali-1"})
    unknown = client.post("/akun/login/", {"login": "tidak-ada@example.com", "password": "salah-sekali-1"})
    assert wrong.status_code == unknown.status_code == 200
    assert page_text(wrong).replace("ada@example.com", "X") == page_text(unknown).replace("tidak-ada@example.com", "X")


def test_login_with_an_unknown_address_still_hashes_the_password(client, hashes):
    # The same work as for a known address, so the answer takes as long (counted, not timed).
    known = readers.reader(email="ada@example.com")
    hashes()
    client.post("/akun/login/", {"login": known.email, "password": "salah-sekali-1"})
    for_known = hashes()
    client.post("/akun/login/", {"login": "tidak-ada@example.com", "password": "salah-sekali-1"})
    for_unknown = hashes()
    assert for_known >= 1
    assert for_unknown == for_known


def test_a_staff_login_with_an_unknown_address_hashes_as_much_as_a_known_one(client, hashes):
    editor = accounts.staff("redaktur", EDITORS)
    hashes()
    client.post("/akun/login/", {"login": editor.email, "password": "salah-sekali-1"})
    for_known = hashes()
    client.post("/akun/login/", {"login": "redaksi-palsu@example.com", "password": "salah-sekali-1"})
    assert hashes() == for_known >= 1


def test_sign_up_with_a_taken_address_looks_like_a_new_one_and_mails_the_owner(mailoutbox):
    readers.reader(email="ada@example.com")
    browser_taken, browser_new = Client(), Client()
    taken = browser_taken.post("/akun/signup/", {**SIGN_UP, "email": "ada@example.com"})
    new = browser_new.post("/akun/signup/", {**SIGN_UP, "email": "baru@example.com"})
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    taken_page = page_text(browser_taken.get(taken["Location"])).replace("ada@example.com", "X")
    assert taken_page == page_text(browser_new.get(new["Location"])).replace("baru@example.com", "X")
    assert User.objects.filter(email="ada@example.com").count() == 1
    to_owner, to_new = mailoutbox
    assert to_owner.to == ["ada@example.com"]
    # The owner is told someone tried to sign up with their address; no second account, no link to one.
    assert "/akun/confirm-email/" not in to_owner.body
    assert "/akun/password/reset/" in to_owner.body
    assert to_new.to == ["baru@example.com"] and "/akun/confirm-email/" in to_new.body


def test_password_reset_answers_the_same_page_for_an_unknown_address(client, mailoutbox):
    known = readers.reader(email="ada@example.com")
    to_known = client.post("/akun/password/reset/", {"email": known.email})
    to_unknown = client.post("/akun/password/reset/", {"email": "tidak-ada@example.com"})
    assert to_known.status_code == to_unknown.status_code == 302
    assert to_known["Location"] == to_unknown["Location"]
    assert page_text(client.get(to_known["Location"])) == page_text(client.get(to_unknown["Location"]))
    assert readers.RESET_LINK.search(mailoutbox[0].body)
    assert not readers.RESET_LINK.search(mailoutbox[1].body)


def test_sign_up_does_the_same_work_for_a_taken_and_a_new_address(hashes, queued_mails, mailoutbox):
    # A new account's password is hashed; the taken address's answer hashes as much, and both queue
    # one mail for the worker instead of talking to the mail server (counted, not timed).
    readers.reader(email="ada@example.com")
    hashes(), queued_mails()
    taken = Client().post("/akun/signup/", {**SIGN_UP, "email": "ada@example.com"})
    for_taken, mails_for_taken = hashes(), queued_mails()
    new = Client().post("/akun/signup/", {**SIGN_UP, "email": "baru@example.com"})
    for_new, mails_for_new = hashes(), queued_mails()
    assert taken.status_code == new.status_code == 302
    assert for_new >= 1 and for_taken == for_new
    assert len(mails_for_taken) == len(mails_for_new) == 1 and mailoutbox == []
    # Tried again at once, the taken address's mail waits out its cooldown, but the hash does not.
    again = Client().post("/akun/signup/", {**SIGN_UP, "email": "ada@example.com"})
    assert again.status_code == 302 and hashes() == for_new
    queued_mails()
    # The worker sends them: the owner hears of the attempt, the new address gets its link.
    for message in (*mails_for_taken, *mails_for_new):
        mail.send_message.call(message)
    to_owner, to_new = mailoutbox
    assert to_owner.to == ["ada@example.com"] and "/akun/password/reset/" in to_owner.body
    assert to_new.to == ["baru@example.com"] and "/akun/confirm-email/" in to_new.body
