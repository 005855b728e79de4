"""Signed notifications posted to the webhook: only a verified, matching, confirmed one moves anything."""

from __future__ import annotations

import json
import logging

import pytest

from kabar.membership.gateways.sandbox import sandbox_server_key
from kabar.membership.models import Membership, MembershipChange, Order, PaymentNotification
from tests.membership import gateway_standins
from tests.membership.conftest import (
    XENDIT_TOKEN,
    post_notification,
    sandbox_notification,
    sandbox_order,
)
from tests.membership.gateway_standins import midtrans_signature

pytestmark = pytest.mark.django_db


def entitled(user) -> bool:
    membership = Membership.objects.filter(user=user).first()
    return membership is not None and membership.is_entitled()


def test_a_signed_sandbox_notification_makes_the_reader_a_member(client, reader, plans):
    order = sandbox_order(reader, plans["tahunan"])
    response = post_notification(client, "sandbox", sandbox_notification(order))
    assert response.status_code == 200
    assert response.json()["status"] == "applied"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_at and order.transaction_id
    assert entitled(reader)
    stored = PaymentNotification.objects.get()
    assert (stored.outcome, stored.order, stored.reported_status) == ("applied", order, "settlement/accept")
    assert json.loads(stored.body)["order_id"] == order.order_id


def test_every_notification_is_kept_as_received_even_forged_ones(client, reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    post_notification(client, "sandbox", b'{"order_id": "KBR-palsu"')
    post_notification(client, "sandbox", sandbox_notification(order), HTTP_AUTHORIZATION="Basic rahasia")
    post_notification(client, "tidak-ada", b"{}")
    kept = list(PaymentNotification.objects.order_by("pk"))
    assert [k.outcome for k in kept] == ["rejected", "applied", "rejected"]
    assert kept[0].body == '{"order_id": "KBR-palsu"'
    assert kept[1].headers.get("authorization") == "(present)"  # the secret itself is not kept


@pytest.mark.parametrize(
    ("tamper", "status"),
    [
        ("forged signature", 403),
        ("unsigned", 403),
        ("truncated", 400),
        ("wrong amount", 400),
        ("wrong currency", 400),
        ("unknown order", 404),
    ],
)
def test_bad_notifications_are_refused_logged_and_grant_nothing(client, reader, plans, caplog, tamper, status):
    order = sandbox_order(reader, plans["bulanan"])
    body = json.loads(sandbox_notification(order))
    if tamper == "forged signature":
        body["signature_key"] = "0" * 128
    elif tamper == "unsigned":
        del body["signature_key"]
    elif tamper == "wrong amount":
        # Correctly signed by the gateway's scheme, but not what Kabar asked for.
        body = json.loads(sandbox_notification(order, gross_amount="4900.00"))
    elif tamper == "wrong currency":
        body = json.loads(sandbox_notification(order, currency="USD"))
    elif tamper == "unknown order":
        body = json.loads(sandbox_notification(order, order_id="KBR-260101-000000000000"))
    raw = json.dumps(body).encode()
    if tamper == "truncated":
        raw = raw[: len(raw) // 2]
    with caplog.at_level(logging.WARNING, logger="kabar.membership.services"):
        response = post_notification(client, "sandbox", raw)
    assert response.status_code == status
    assert response.json()["status"] == "rejected"
    assert not entitled(reader)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert PaymentNotification.objects.get().outcome == "rejected"
    assert "rejected" in caplog.text


def test_the_webhook_answers_only_post_and_refuses_huge_bodies(client, reader, plans):
    assert client.get("/kabarplus/notifikasi/sandbox/").status_code == 405
    response = post_notification(client, "sandbox", b"{" + b" " * (70 * 1024) + b"}")
    assert response.status_code == 413
    assert PaymentNotification.objects.get().outcome == "rejected"


def test_the_same_notification_a_hundred_times_extends_once(client, reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    body = sandbox_notification(order)
    statuses = [post_notification(client, "sandbox", body).json()["status"] for _ in range(100)]
    assert statuses.count("applied") == 1
    assert statuses.count("duplicate") == 99
    assert MembershipChange.objects.filter(order=order, kind="payment").count() == 1
    membership = Membership.objects.get(user=reader)
    order.refresh_from_db()
    assert membership.ends_at == order.period_end
    assert PaymentNotification.objects.count() == 100


def test_a_late_pending_after_settlement_is_ignored(client, reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    settled = sandbox_notification(order)
    # The gateway's pending notification, delayed: signed, but for the state before payment.
    pending = json.loads(settled)
    pending.update(transaction_status="pending", status_code="201")
    pending["signature_key"] = midtrans_signature(order.order_id, "201", pending["gross_amount"], sandbox_server_key())
    post_notification(client, "sandbox", settled)
    response = post_notification(client, "sandbox", pending)
    # The status API (the sandbox's books) says settled: nothing moves backwards either way.
    assert response.json()["status"] == "duplicate"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert entitled(reader)


def test_a_refund_notification_ends_the_entitlement(client, reader, plans):
    order = sandbox_order(reader, plans["tahunan"])
    post_notification(client, "sandbox", sandbox_notification(order))
    assert entitled(reader)
    response = post_notification(client, "sandbox", sandbox_notification(order, "refund"))
    assert response.json()["status"] == "applied"
    assert not entitled(reader)
    assert Membership.objects.get(user=reader).status == Membership.Status.REFUNDED


def test_midtrans_notification_is_granted_only_as_its_status_api_confirms(client, reader, plans, midtrans):
    client.force_login(reader)
    from tests.membership.test_checkout import checkout_form

    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    client.logout()
    order = Order.objects.get()
    # A replayed or edited "settlement": validly signed, but Midtrans's books still say pending.
    claimed = gateway_standins.midtrans_message(midtrans, order.order_id, transaction_status="settlement")
    response = post_notification(client, "midtrans", claimed)
    assert response.status_code == 200
    assert "the gateway says pending" in response.json()["detail"]
    assert not entitled(reader)
    status_request = midtrans.requests[-1]
    assert (status_request.method, status_request.path) == ("GET", f"/v2/{order.order_id}/status")
    assert status_request.headers["authorization"] == midtrans.expected_auth()
    # The reader really pays: Midtrans's books and its notification agree.
    midtrans.books[order.order_id]["transaction_status"] = "settlement"
    response = post_notification(client, "midtrans", gateway_standins.midtrans_message(midtrans, order.order_id))
    assert response.json()["status"] == "applied"
    assert entitled(reader)


def test_midtrans_status_api_down_means_try_again_later_and_nothing_granted(client, reader, plans, midtrans):
    from tests.membership.test_checkout import checkout_form

    client.force_login(reader)
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    midtrans.books[order.order_id]["transaction_status"] = "settlement"
    midtrans.failing_with = 503
    notification = gateway_standins.midtrans_message(midtrans, order.order_id)
    response = post_notification(client, "midtrans", notification)
    assert response.status_code == 503  # Midtrans sends it again later
    assert PaymentNotification.objects.get().outcome == "retry"
    assert not entitled(reader)
    midtrans.failing_with = None
    assert post_notification(client, "midtrans", notification).json()["status"] == "applied"
    assert entitled(reader)


def test_midtrans_notification_signed_with_another_key_is_refused(client, reader, plans, midtrans):
    from tests.membership.test_checkout import checkout_form

    client.force_login(reader)
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    midtrans.books[order.order_id]["transaction_status"] = "settlement"
    forged = gateway_standins.midtrans_message(midtrans, order.order_id)
    forged["signature_key"] = gateway_standins.midtrans_signature(order.order_id, "200", "49000.00", "kunci-lain")
    assert post_notification(client, "midtrans", forged).status_code == 403
    assert not entitled(reader)
    # Nor can a sandbox-signed notification pay a Midtrans order.
    assert post_notification(
        client, "sandbox", gateway_standins.midtrans_message(midtrans, order.order_id)
    ).status_code in (403, 404)
    assert not entitled(reader)


def test_xendit_callback_with_its_token_pays_and_without_it_is_refused(client, reader, plans, xendit):
    from tests.membership.test_checkout import checkout_form

    client.force_login(reader)
    client.post("/kabarplus/gabung/tahunan/", checkout_form(client, "tahunan"))
    order = Order.objects.get()
    xendit.books[order.gateway_reference]["status"] = "PAID"
    callback = gateway_standins.xendit_callback(xendit, order.gateway_reference)
    assert post_notification(client, "xendit", callback).status_code == 403
    assert post_notification(client, "xendit", callback, HTTP_X_CALLBACK_TOKEN="salah").status_code == 403
    assert not entitled(reader)
    response = post_notification(client, "xendit", callback, HTTP_X_CALLBACK_TOKEN=XENDIT_TOKEN)
    assert response.json()["status"] == "applied"
    assert entitled(reader)
    wrong_amount = {**callback, "amount": 49000}
    assert post_notification(client, "xendit", wrong_amount, HTTP_X_CALLBACK_TOKEN=XENDIT_TOKEN).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_sandbox_payment_page_notifies_the_webhook_and_the_reader_becomes_a_member(
    live_server, settings, reader, plans
):
    """Through real HTTP: the page's "Bayar" posts the signed notification to Kabar's own webhook."""
    from django.test import Client

    settings.BASE_URL = live_server.url
    order = sandbox_order(reader, plans["bulanan"])
    browser = Client()
    page = browser.get(f"/kabarplus/sandbox/bayar/{order.order_id}/")
    assert page.status_code == 200
    response = browser.post(f"/kabarplus/sandbox/bayar/{order.order_id}/", {"outcome": "pay"})
    assert response.status_code == 302
    assert response["Location"] == f"/kabarplus/pesanan/{order.order_id}/?kembali=1"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    stored = PaymentNotification.objects.get()
    assert stored.outcome == "applied" and stored.remote_addr == "127.0.0.1"
