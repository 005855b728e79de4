"""Each adapter accepts exactly what its gateway signs as documented, and refuses the rest."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kabar.membership.gateways import InvalidNotification, PaymentStatus
from kabar.membership.gateways.midtrans import MidtransGateway
from kabar.membership.gateways.sandbox import SandboxGateway, sandbox_server_key
from kabar.membership.gateways.xendit import XenditGateway
from tests.membership.gateway_standins import midtrans_signature

KEY = "SB-Mid-server-uji-abcdef"


def midtrans_body(key: str = KEY, **fields: str) -> dict:
    body = {
        "transaction_status": "settlement",
        "transaction_id": "3f9e9b7c-0000-4000-8000-000000000001",
        "status_code": "200",
        "payment_type": "bank_transfer",
        "order_id": "KBR-260102-AABBCCDDEEFF",
        "gross_amount": "49000.00",
        "fraud_status": "accept",
        "currency": "IDR",
    }
    body.update(fields)
    body["signature_key"] = midtrans_signature(body["order_id"], body["status_code"], body["gross_amount"], key)
    return body


def verify(body: dict | bytes, key: str = KEY):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return MidtransGateway(key).verify(raw, {})


def test_midtrans_signature_is_sha512_of_order_status_code_amount_and_key():
    body = midtrans_body()
    # The documented scheme, by hand: SHA-512 hex of the four strings run together.
    assert len(body["signature_key"]) == 128
    notification = verify(body)
    assert notification.order_id == "KBR-260102-AABBCCDDEEFF"
    assert notification.amount == Decimal("49000.00")
    assert notification.currency == "IDR"
    assert notification.status is PaymentStatus.PAID


@pytest.mark.parametrize("field", ["order_id", "status_code", "gross_amount"])
def test_midtrans_notification_with_an_edited_signed_field_is_refused_as_forged(field):
    body = midtrans_body()
    body[field] = {"order_id": "KBR-260102-000000000000", "status_code": "201", "gross_amount": "1.00"}[field]
    with pytest.raises(InvalidNotification) as refused:
        verify(body)
    assert refused.value.status == 403


def test_midtrans_signature_does_not_cover_the_status_which_is_why_kabar_confirms_it():
    body = midtrans_body(transaction_status="pending", status_code="200")
    body["transaction_status"] = "settlement"  # edited, signature still valid
    assert verify(body).status is PaymentStatus.PAID  # verify alone cannot tell: confirm() must


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in midtrans_body().items() if k != "signature_key"},
        {**midtrans_body(), "signature_key": ""},
        midtrans_body(key="SB-Mid-server-orang-lain"),
    ],
    ids=["unsigned", "empty signature", "signed with another key"],
)
def test_midtrans_unsigned_or_foreign_notifications_are_refused(body):
    with pytest.raises(InvalidNotification) as refused:
        verify(body)
    assert refused.value.status == 403


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", json.dumps(midtrans_body()).encode()[:-20], b"[]", b"\xff\xfe", b'"settlement"'],
    ids=["empty", "open brace", "truncated", "array", "not utf-8", "string"],
)
def test_midtrans_malformed_or_truncated_bodies_are_refused(raw):
    with pytest.raises(InvalidNotification) as refused:
        verify(raw)
    assert refused.value.status in (400, 403)


@pytest.mark.parametrize(
    ("transaction_status", "fraud_status", "expected"),
    [
        ("settlement", "accept", PaymentStatus.PAID),
        ("capture", "accept", PaymentStatus.PAID),
        ("capture", "challenge", PaymentStatus.PENDING),
        ("capture", "deny", PaymentStatus.FAILED),
        ("pending", "accept", PaymentStatus.PENDING),
        ("deny", "accept", PaymentStatus.FAILED),
        ("cancel", "accept", PaymentStatus.CANCELLED),
        ("expire", "accept", PaymentStatus.EXPIRED),
        ("failure", "accept", PaymentStatus.FAILED),
        ("refund", "accept", PaymentStatus.REFUNDED),
        ("partial_refund", "accept", PaymentStatus.REFUNDED),
        ("chargeback", "accept", PaymentStatus.CHARGEBACK),
    ],
)
def test_midtrans_statuses_map_to_kabars(transaction_status, fraud_status, expected):
    assert verify(midtrans_body(transaction_status=transaction_status, fraud_status=fraud_status)).status is expected


def test_midtrans_unknown_status_is_refused():
    with pytest.raises(InvalidNotification):
        verify(midtrans_body(transaction_status="teleported"))


@pytest.mark.django_db
def test_sandbox_signs_exactly_as_midtrans_does_with_its_own_key():
    from kabar.membership.models import SandboxTransaction

    SandboxTransaction.objects.create(order_id="KBR-SANDBOX-1", transaction_id="t-1", amount=49000)
    payload = SandboxGateway().simulate("KBR-SANDBOX-1", "pay")
    assert payload["signature_key"] == midtrans_signature("KBR-SANDBOX-1", "200", "49000.00", sandbox_server_key())
    assert MidtransGateway(sandbox_server_key()).verify(json.dumps(payload).encode(), {}).status is PaymentStatus.PAID
    with pytest.raises(InvalidNotification):
        MidtransGateway(KEY).verify(json.dumps(payload).encode(), {})


def xendit_body(**fields: object) -> bytes:
    body = {
        "id": "579c8d61f23fa4ca35e52da4",
        "external_id": "KBR-260102-AABBCCDDEEFF",
        "status": "PAID",
        "amount": 490000,
        "paid_amount": 490000,
        "currency": "IDR",
        "payer_email": "pembaca@example.com",
    }
    body.update(fields)
    return json.dumps(body).encode()


def test_xendit_callback_with_the_verification_token_is_read():
    gateway = XenditGateway("xnd_secret", "token-rahasia")
    notification = gateway.verify(xendit_body(), {"x-callback-token": "token-rahasia"})
    assert (notification.order_id, notification.transaction_id) == (
        "KBR-260102-AABBCCDDEEFF",
        "579c8d61f23fa4ca35e52da4",
    )
    assert notification.status is PaymentStatus.PAID
    assert notification.amount == 490000


@pytest.mark.parametrize("headers", [{}, {"x-callback-token": ""}, {"x-callback-token": "token-palsu"}])
def test_xendit_callback_without_the_right_token_is_refused(headers):
    with pytest.raises(InvalidNotification) as refused:
        XenditGateway("xnd_secret", "token-rahasia").verify(xendit_body(), headers)
    assert refused.value.status == 403


def test_xendit_refuses_every_callback_when_no_token_is_configured():
    with pytest.raises(InvalidNotification):
        XenditGateway("xnd_secret", "").verify(xendit_body(), {"x-callback-token": ""})


@pytest.mark.parametrize(
    "fields", [{"status": "TELEPORTED"}, {"currency": None}, {"amount": "banyak"}, {"external_id": ""}]
)
def test_xendit_malformed_callbacks_are_refused(fields):
    with pytest.raises(InvalidNotification):
        XenditGateway("xnd_secret", "token-rahasia").verify(
            xendit_body(**fields), {"x-callback-token": "token-rahasia"}
        )
