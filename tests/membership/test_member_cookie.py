"""The signed kabar_plus cookie: set on the member's own pages and at login, cleared at logout or when
Kabar+ ends, and never set by a public page."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from kabar.delivery import variants
from kabar.membership import services
from kabar.membership.models import Membership
from tests import factories
from tests.membership.conftest import make_reader

pytestmark = pytest.mark.django_db


def member(username: str = "anggota", months: int = 12):
    user = make_reader(username)
    services.grant_membership(user, months=months, reason="uji", actor=None)
    return user


def cookie_of(response) -> variants.MemberCookie | None:
    morsel = response.cookies.get(variants.COOKIE_NAME)
    assert morsel is not None, "no kabar_plus cookie on this response"
    return variants.read_member_cookie(morsel.value) if morsel.value else None


def test_the_account_page_sets_a_signed_httponly_lax_cookie_until_the_end_of_entitlement(client):
    user = member()
    client.force_login(user)
    response = client.get("/kabarplus/akun/")
    assert response.status_code == 200
    morsel = response.cookies[variants.COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert not morsel["secure"]  # the test site is plain http; KABAR_BASE_URL=https:// makes it Secure
    cookie = cookie_of(response)
    membership = Membership.objects.get(user=user)
    assert cookie.user_id == user.pk
    assert int(cookie.until.timestamp()) == int(membership.entitled_until.timestamp())
    assert "no-store" in response["Cache-Control"]


def test_the_account_page_shows_plan_end_date_payments_and_receipts(client, plans):
    from tests.membership.conftest import sandbox_notification, sandbox_order

    user = make_reader()
    order = sandbox_order(user, plans["tahunan"])
    client.post("/kabarplus/notifikasi/sandbox/", sandbox_notification(order), content_type="application/json")
    client.force_login(user)
    text = client.get("/kabarplus/akun/").content.decode()
    order.refresh_from_db()
    assert "Kabar+ Tahunan" in text and "Rp 490.000" in text
    assert timezone.localtime(Membership.objects.get(user=user).ends_at).strftime("%Y") in text
    assert f"/kabarplus/kuitansi/{order.order_id}/" in text
    receipt = client.get(f"/kabarplus/kuitansi/{order.order_id}/")
    assert receipt.status_code == 200
    assert order.receipt_number in receipt.content.decode() and "Rp 490.000" in receipt.content.decode()


def test_a_stale_cookie_is_cleared_when_kabar_plus_has_ended(client):
    user = member()
    client.force_login(user)
    client.get("/kabarplus/akun/")
    assert client.cookies[variants.COOKIE_NAME].value
    services.cancel_membership(Membership.objects.get(user=user), reason="uji", actor=None)
    response = client.get("/kabarplus/akun/")
    assert response.cookies[variants.COOKIE_NAME].value == ""
    assert response.cookies[variants.COOKIE_NAME]["max-age"] == 0


def test_a_reader_without_kabar_plus_gets_no_cookie(client):
    client.force_login(make_reader())
    assert variants.COOKIE_NAME not in client.get("/kabarplus/akun/").cookies


def test_logging_in_sets_the_cookie_and_logging_out_clears_it(client):
    user = member()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/akun/login/", {"login": user.email, "password": "rahasia-uji-123"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert cookie_of(response).user_id == user.pk
    response = client.post("/akun/logout/")
    assert response.cookies[variants.COOKIE_NAME].value == ""


def test_public_pages_never_set_the_cookie_even_for_a_logged_in_member(client):
    user = member()
    client.force_login(user)
    article = factories.article()
    client.cookies[variants.COOKIE_NAME] = "basi"
    for url in ("/", article.dated_path(), "/kabarplus/"):
        response = client.get(url)
        assert response.status_code == 200
        assert variants.COOKIE_NAME not in response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_the_cookie_is_refreshed_only_when_it_changes_or_ages(client):
    user = member()
    client.force_login(user)
    first = client.get("/kabarplus/akun/")
    assert variants.COOKIE_NAME in first.cookies
    again = client.get("/kabarplus/akun/")
    assert variants.COOKIE_NAME not in again.cookies  # the browser already holds the right one
    services.grant_membership(user, months=1, reason="perpanjangan", actor=None)
    extended = client.get("/kabarplus/akun/")
    assert cookie_of(extended).until > cookie_of(first).until


def test_cookie_max_age_never_passes_the_entitlement(client, settings):
    settings.KABAR_PLUS_GRACE_DAYS = 0
    user = make_reader()
    services.grant_membership(user, days=2, reason="uji singkat", actor=None)
    client.force_login(user)
    response = client.get("/kabarplus/akun/")
    assert 0 < int(response.cookies[variants.COOKIE_NAME]["max-age"]) <= 2 * 24 * 3600
    assert cookie_of(response).until <= timezone.now() + dt.timedelta(days=2)
