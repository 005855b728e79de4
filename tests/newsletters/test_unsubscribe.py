"""Leaving a list: one click from the mail (RFC 8058), honoured at once, never by a link scanner."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.test import Client

from kabar.newsletters import tokens
from tests.newsletters import lists

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def subscription():
    return lists.subscription(lists.digest(), "budi@contoh.id")


def path_of(url: str) -> str:
    assert url.startswith("http")
    return urlsplit(url).path


def test_the_mails_link_asks_first_and_the_button_unsubscribes_at_once(client, subscription):
    path = path_of(tokens.unsubscribe_url(subscription))
    page = client.get(path)
    assert page.status_code == 200
    assert b"Kabar Pagi" in page.content and b"budi@contoh.id" in page.content
    subscription.refresh_from_db()
    assert subscription.status == "active"

    done = client.post(path)
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert (subscription.status, subscription.unsubscribed_at, subscription.unsubscribe_source) == (
        "unsubscribed",
        lists.NOW,
        "link",
    )


def test_a_mail_clients_one_click_post_unsubscribes_without_cookie_or_csrf_token(subscription):
    url = tokens.one_click_unsubscribe_url(subscription)
    assert url != tokens.unsubscribe_url(subscription)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not response.cookies
    subscription.refresh_from_db()
    assert (subscription.status, subscription.unsubscribe_source) == ("unsubscribed", "one-click")
    # A repeat (a provider retrying) changes nothing and still answers 200.
    assert mail_client.post(path_of(url), {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_a_link_scanner_following_the_one_click_address_unsubscribes_no_one(subscription):
    assert Client().get(path_of(tokens.one_click_unsubscribe_url(subscription))).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_a_forged_or_edited_unsubscribe_link_changes_nothing(client, subscription):
    other = lists.subscription(subscription.newsletter, "ani@contoh.id")
    token = tokens.unsubscribe_token(subscription)
    value, signature = token.rsplit(":", 1)
    assert client.post(f"/nawala/berhenti/{value}:{signature[:-2]}xx/").status_code == 404
    assert (
        client.post(f"/nawala/berhenti/{tokens.unsubscribe_token(other).split(':')[0]}:{signature}/").status_code == 404
    )
    # A confirmation token is no unsubscribe token.
    assert (
        client.post(f"/nawala/berhenti/{tokens.confirm_token('budi@contoh.id', [subscription.pk])}/").status_code == 404
    )
    assert {s.status for s in (subscription, other)} == {"active"}
    subscription.refresh_from_db()
    other.refresh_from_db()
    assert subscription.status == other.status == "active"


def test_the_link_in_a_mail_kept_for_years_still_unsubscribes(client, clock, subscription):
    path = path_of(tokens.unsubscribe_url(subscription))
    clock.shift(dt.timedelta(days=3 * 365))
    assert client.post(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


def test_an_address_that_left_gets_no_more_mail(subscription):
    from kabar.newsletters import queries, services

    services.unsubscribe(subscription, source="link")
    assert list(queries.recipients(subscription.newsletter)) == []
