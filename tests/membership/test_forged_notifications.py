"""Forged payment notifications: verified first, only a short, bounded log of refused ones, limited per client."""

from __future__ import annotations

import json

import pytest

from kabar.core import hooks as kabar_hooks
from kabar.membership import services
from kabar.membership.models import Order, PaymentNotification
from tests.membership.conftest import post_notification, sandbox_notification, sandbox_order

pytestmark = pytest.mark.django_db

BIG_HEADERS = {f"HTTP_X_FILLER_{n}": "x" * 2000 for n in range(20)}


def forged(order: Order, padding: int = 60_000) -> bytes:
    body = json.loads(sandbox_notification(order))
    body["signature_key"] = "0" * 128
    body["padding"] = "p" * padding
    return json.dumps(body).encode()


def stored_bytes() -> int:
    return sum(len(row.body) + len(json.dumps(row.headers)) for row in PaymentNotification.objects.all())


@pytest.fixture
def behind_proxy(settings):
    """Kabar behind its own proxy at 127.0.0.1: the client is the address the proxy puts in X-Forwarded-For."""
    settings.KABAR_FORWARDED_ALLOW_IPS = ["127.0.0.1"]


def test_a_forged_notification_is_refused_and_only_its_start_is_kept(client, reader, plans):
    order = sandbox_order(reader, plans["bulanan"])

    response = post_notification(client, "sandbox", forged(order), HTTP_USER_AGENT="penyerang", **BIG_HEADERS)

    assert response.status_code == 403
    row = PaymentNotification.objects.get()
    assert (row.outcome, row.verified) == ("rejected", False)
    assert len(row.body) == services.REFUSED_BODY_KEPT
    assert set(row.headers) == {"content-type", "content-length", "user-agent"}
    assert row.headers["user-agent"] == "penyerang"
    assert not row.order_number


def test_a_verified_notification_is_kept_in_full(client, reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    body = json.loads(sandbox_notification(order))
    body["custom_field1"] = "c" * 3000  # gateways send fields Kabar does not read; the audit keeps them
    raw = json.dumps(body).encode()

    response = post_notification(client, "sandbox", raw, HTTP_AUTHORIZATION="Basic rahasia", HTTP_X_OTHER="y")

    assert response.status_code == 200
    row = PaymentNotification.objects.get()
    assert (row.outcome, row.verified, row.body) == ("applied", True, raw.decode())
    assert row.headers["authorization"] == "(present)" and row.headers["x-other"] == "y"


def test_400_forged_notifications_add_kilobytes_not_megabytes(client, reader, plans, behind_proxy):
    order = sandbox_order(reader, plans["bulanan"])
    body = forged(order)

    answers = {
        post_notification(
            client, "sandbox", body, HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 200}", **BIG_HEADERS
        ).status_code
        for n in range(400)
    }

    assert answers == {403}
    assert PaymentNotification.objects.count() == 400
    # 400 bodies of 60 KB and 40 KB of headers each: 26.7 MB was stored before; now a kilobyte or so a row.
    assert stored_bytes() < 400 * 1200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_refusals_are_limited_per_client_address(client, reader, plans, settings, behind_proxy):
    settings.KABAR_PAYMENT_REFUSALS_PER_MINUTE = 5
    order = sandbox_order(reader, plans["bulanan"])

    def send(address: str):
        return post_notification(client, "sandbox", forged(order, 10), HTTP_X_FORWARDED_FOR=address)

    flood = [send("198.51.100.7").status_code for _ in range(8)]
    other = send("198.51.100.8")

    assert flood == [403] * 5 + [429] * 3
    assert send("198.51.100.7")["Retry-After"] == "60"
    assert other.status_code == 403
    assert list(PaymentNotification.objects.values_list("remote_addr", flat=True).distinct().order_by()) in (
        ["198.51.100.7", "198.51.100.8"],
        ["198.51.100.8", "198.51.100.7"],
    )
    assert PaymentNotification.objects.count() == 6


def test_a_genuine_notification_from_a_flooding_address_is_still_applied(client, reader, plans, settings, behind_proxy):
    settings.KABAR_PAYMENT_REFUSALS_PER_MINUTE = 2
    order = sandbox_order(reader, plans["bulanan"])
    for _ in range(4):
        post_notification(client, "sandbox", forged(order, 10), HTTP_X_FORWARDED_FOR="198.51.100.9")

    response = post_notification(client, "sandbox", sandbox_notification(order), HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.parametrize(
    ("gateway", "body", "status"),
    [("tidak-ada", b"{}", 404), ("sandbox", b"{" + b" " * (70 * 1024) + b"}", 413), ("sandbox", b"{", 400)],
    ids=["unknown-gateway", "too-large", "not-json"],
)
def test_every_kind_of_unverified_refusal_is_kept_short(client, reader, plans, gateway, body, status):
    response = post_notification(client, gateway, body, **BIG_HEADERS)

    assert response.status_code == status
    row = PaymentNotification.objects.get()
    assert row.verified is False and len(row.body) <= services.REFUSED_BODY_KEPT
    assert set(row.headers) <= services.REFUSED_HEADERS


def test_pruning_keeps_the_newest_refused_and_every_verified_notification(client, reader, plans, settings):
    settings.KABAR_PAYMENT_REFUSALS_KEPT = 10
    settings.KABAR_PAYMENT_REFUSALS_PER_MINUTE = 1000
    order = sandbox_order(reader, plans["bulanan"])
    post_notification(client, "sandbox", sandbox_notification(order))
    for n in range(25):
        post_notification(client, "sandbox", forged(order, n))
    newest = list(PaymentNotification.objects.filter(verified=False).order_by("-pk").values_list("pk", flat=True))[:10]

    assert services.prune_refused_notifications() == 15

    assert sorted(PaymentNotification.objects.filter(verified=False).values_list("pk", flat=True)) == sorted(newest)
    assert PaymentNotification.objects.filter(verified=True, outcome="applied").count() == 1
    assert services.prune_refused_notifications() == 0


def test_pruning_runs_on_the_worker_s_clock():
    jobs = {job.path: job.seconds for job in kabar_hooks.periodic_jobs()}

    assert jobs["kabar.membership.services.prune_refused_notifications"] <= 600
