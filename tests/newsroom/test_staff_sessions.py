"""Staff sessions end after KABAR_STAFF_SESSION_IDLE_MINUTES without activity; "log out other sessions" works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from kabar.newsroom.middleware import LAST_SEEN_KEY
from kabar.newsroom.services import WRITERS
from tests.i18n import site_html
from tests.newsroom import staff as accounts
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db


def last_seen(client, minutes_ago: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = (timezone.now() - dt.timedelta(minutes=minutes_ago)).timestamp()
    session.save()


def authenticated(client) -> bool:
    return client.get("/akun/status/").json()["authenticated"]


@pytest.fixture
def writer_client(client):
    accounts.full_login(client, accounts.staff("penulis", WRITERS))
    assert client.get("/admin/").status_code == 200
    return client


def test_a_staff_session_idle_too_long_is_logged_out_on_the_next_request(writer_client, settings):
    settings.KABAR_STAFF_SESSION_IDLE_MINUTES = 60
    last_seen(writer_client, 61)
    response = writer_client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/login/?next=/admin/pages/"
    assert not authenticated(writer_client)
    login_page = writer_client.get(response["Location"]).content.decode()
    assert (
        site_html("You were logged out after %(minutes)d minutes without activity. Log in again to go on.", minutes=60)
        in login_page
    )


def test_a_staff_session_in_use_stays(writer_client, settings):
    settings.KABAR_STAFF_SESSION_IDLE_MINUTES = 60
    last_seen(writer_client, 59)
    assert writer_client.get("/admin/").status_code == 200
    # Each request counts as activity: the clock starts again.
    assert timezone.now().timestamp() - writer_client.session[LAST_SEEN_KEY] < 60


def test_the_idle_limit_is_a_setting(writer_client, settings):
    settings.KABAR_STAFF_SESSION_IDLE_MINUTES = 5
    last_seen(writer_client, 6)
    assert writer_client.get("/admin/").status_code == 302
    assert not authenticated(writer_client)


def test_idle_staff_are_logged_out_on_the_account_pages_too(writer_client):
    last_seen(writer_client, 24 * 60)
    assert writer_client.get("/akun/").status_code == 302
    assert not authenticated(writer_client)


def test_readers_keep_long_sessions(client):
    readers.log_in(client, readers.reader())
    last_seen(client, 30 * 24 * 60)
    assert client.get("/akun/").status_code == 200
    assert authenticated(client)


def test_logging_out_other_sessions_ends_the_other_browser_s_session(settings):
    writer = accounts.staff("penulis", WRITERS)
    laptop, phone = Client(), Client()
    accounts.full_login(laptop, writer)
    accounts.full_login(phone, writer)
    assert phone.get("/admin/").status_code == 200

    page = laptop.get("/akun/sessions/")
    assert page.status_code == 200
    assert 'action="/akun/sessions/"' in page.content.decode()  # two sessions: "log out the others"
    assert laptop.post("/akun/sessions/").status_code == 302

    assert phone.get("/admin/").status_code == 302
    assert not authenticated(phone)
    assert laptop.get("/admin/").status_code == 200
