"""The business side in the admin: plans, members, a manual grant with its reason, revenue per month."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group

from kabar.core.roles import Role
from kabar.core.timefmt import site_zone
from kabar.membership import receivers
from kabar.membership.models import Membership, MembershipChange, Order, PaymentNotification, Plan
from tests import factories
from tests.membership.conftest import make_reader, post_notification, sandbox_notification, sandbox_order
from tests.parsing import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(client):
    user = factories.staff("bisnis", None)
    user.groups.add(Group.objects.get(name=Role.BUSINESS))
    client.force_login(user)
    return user


@pytest.fixture
def purged(monkeypatch):
    calls: list[list[str]] = []
    monkeypatch.setattr(receivers, "purge_keys", lambda keys: calls.append(sorted(keys)))
    return calls


def paid_member(client, plans, username: str, plan: str = "tahunan") -> Order:
    order = sandbox_order(make_reader(username), plans[plan], f"halaman-bayar-{username}")
    post_notification(client, "sandbox", sandbox_notification(order))
    order.refresh_from_db()
    return order


def test_the_kabar_plus_menu_is_there_for_the_business_side(client, business):
    text = client.get("/admin/").content.decode()
    for url in ("/admin/kabarplus/anggota/", "/admin/kabarplus/pendapatan/", "/admin/kabarplus/beri/"):
        assert url in text


def test_plans_are_managed_in_the_admin_and_a_change_purges_every_page(client, business, purged):
    response = client.post(
        "/admin/membership_plans/new/",
        {
            "name": "Kabar+ Pelajar",
            "slug": "pelajar",
            "period": "monthly",
            "price": "19000",
            "description": "",
            "active": "on",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(slug="pelajar")
    assert (plan.price, plan.active) == (19000, True)
    assert purged == [["site"]]
    assert "Rp 19.000" in client.get("/admin/membership_plans/").content.decode()


def test_members_list_shows_each_member_with_status_plan_and_end(client, business, plans):
    paid_member(client, plans, "satu")
    paid_member(client, plans, "dua", "bulanan")
    response = client.get("/admin/kabarplus/anggota/?status=active")
    assert response.status_code == 200
    rows = html(response).find("table", cls="listing").find("tbody").find_all("tr")
    assert len(rows) == 2
    assert {"satu@example.com", "dua@example.com"} == {row.find("a").text for row in rows}


def test_a_manual_grant_needs_a_reason_and_is_recorded_with_who_gave_it(client, business):
    reader = make_reader("pemenang")
    refused = client.post(
        "/admin/kabarplus/beri/", {"reader": "pemenang@example.com", "months": "3", "days": "0", "reason": " "}
    )
    assert refused.status_code == 200
    assert not Membership.objects.filter(user=reader, status="active").exists()
    response = client.post(
        "/admin/kabarplus/beri/",
        {"reader": "pemenang@example.com", "months": "3", "days": "0", "reason": "Pemenang kuis HUT Kabar"},
    )
    membership = Membership.objects.get(user=reader)
    assert response.status_code == 302 and response["Location"] == f"/admin/kabarplus/anggota/{membership.pk}/"
    assert membership.is_entitled()
    change = MembershipChange.objects.get(membership=membership)
    assert (change.kind, change.actor, change.reason) == ("grant", business, "Pemenang kuis HUT Kabar")
    detail = client.get(response["Location"]).content.decode()
    assert "Pemenang kuis HUT Kabar" in detail


def test_a_grant_to_an_unknown_reader_is_a_form_error(client, business):
    response = client.post(
        "/admin/kabarplus/beri/", {"reader": "siapa@example.com", "months": "1", "days": "0", "reason": "x"}
    )
    assert response.status_code == 200
    assert not Membership.objects.exists()


@pytest.fixture
def second_of_december():
    """Early in a month, when "40 days ago" is two months back: the month boundaries must still hold."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=site_zone()), tick=True):
        yield


def test_revenue_per_month_is_a_chart_and_a_table_with_refunds_taken_off(second_of_december, client, business, plans):
    first = paid_member(client, plans, "satu")  # Rp 490.000
    paid_member(client, plans, "dua", "bulanan")  # Rp 49.000
    post_notification(client, "sandbox", sandbox_notification(first, "refund"))
    last_month = dt.datetime(2026, 11, 14, 9, 0, tzinfo=site_zone())
    older = paid_member(client, plans, "tiga", "bulanan")
    Order.objects.filter(pk=older.pk).update(paid_at=last_month)
    response = client.get("/admin/kabarplus/pendapatan/")
    assert response.status_code == 200
    document = html(response)
    chart = document.find("svg", cls="kp-chart")
    assert len(chart.find_all("rect", cls="paid")) == 12
    rows = document.find("table", cls="listing").find("tbody").find_all("tr")
    this_month = [cell.text for cell in rows[0].find_all("td")]
    assert this_month[1:] == ["2", "Rp 539.000", "Rp 490.000", "Rp 49.000"]
    previous = [cell.text for cell in rows[1].find_all("td")]
    assert previous[1:] == ["1", "Rp 49.000", "Rp 0", "Rp 49.000"]


def test_payment_notifications_log_is_readable_by_the_business_side(client, business, plans):
    order = paid_member(client, plans, "satu")
    post_notification(client, "sandbox", b"{bukan json")
    response = client.get("/admin/kabarplus/notifikasi/?outcome=rejected")
    assert response.status_code == 200
    assert "not JSON" in response.content.decode()
    assert order.order_id not in response.content.decode()
    rejected = PaymentNotification.objects.get(outcome="rejected")
    detail = client.get(f"/admin/kabarplus/notifikasi/{rejected.pk}/")
    assert detail.status_code == 200
    assert "{bukan json" in detail.content.decode()


def test_writers_cannot_reach_kabar_plus_admin(client):
    client.force_login(factories.staff("penulis", "Penulis"))
    for url in (
        "/admin/kabarplus/anggota/",
        "/admin/kabarplus/beri/",
        "/admin/kabarplus/pendapatan/",
        "/admin/kabarplus/notifikasi/",
    ):
        assert client.get(url).status_code in (302, 403), url
