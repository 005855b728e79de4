"""Midtrans Snap: payments start at the Snap API; notifications are checked by signature, then confirmed.

- Start: POST {snap}/snap/v1/transactions with HTTP Basic auth (server key as user, empty password);
  Midtrans answers 201 with `token` and `redirect_url`, the page where the reader pays.
- Notification: a JSON POST whose `signature_key` is
  SHA-512(order_id + status_code + gross_amount + server key), hex, with the values exactly as sent.
- That signature covers neither `transaction_status` nor a time, so a captured "settlement" could be
  replayed or its status edited; before anything is granted Kabar asks GET {api}/v2/<order_id>/status
  and uses that answer's status instead.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from kabar.membership.gateways.base import (
    Checkout,
    CheckoutRequest,
    Gateway,
    GatewayError,
    InvalidNotification,
    Notification,
    PaymentStatus,
    json_response,
    parse_amount,
    parse_json_object,
    required_text,
)

SNAP_SANDBOX = "https://app.sandbox.midtrans.com"
API_SANDBOX = "https://api.sandbox.midtrans.com"
ITEM_NAME_MAX = 50

SIMPLE_STATUSES = {
    "settlement": PaymentStatus.PAID,
    "pending": PaymentStatus.PENDING,
    "authorize": PaymentStatus.PENDING,
    "deny": PaymentStatus.FAILED,
    "failure": PaymentStatus.FAILED,
    "cancel": PaymentStatus.CANCELLED,
    "expire": PaymentStatus.EXPIRED,
    # A partial refund or chargeback ends the entitlement as a full one does (docs/architecture.md).
    "refund": PaymentStatus.REFUNDED,
    "partial_refund": PaymentStatus.REFUNDED,
    "chargeback": PaymentStatus.CHARGEBACK,
    "partial_chargeback": PaymentStatus.CHARGEBACK,
}


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """Midtrans's signature_key for these values."""
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def payment_status(transaction_status: str, fraud_status: str | None) -> PaymentStatus:
    if transaction_status == "capture":
        # Card payments: "capture" is money only when the fraud check accepted it.
        if fraud_status in (None, "", "accept"):
            return PaymentStatus.PAID
        return PaymentStatus.FAILED if fraud_status == "deny" else PaymentStatus.PENDING
    try:
        return SIMPLE_STATUSES[transaction_status]
    except KeyError:
        raise InvalidNotification(f"unknown transaction_status {transaction_status!r}") from None


class MidtransGateway(Gateway):
    name = "midtrans"

    def __init__(
        self, server_key: str, *, snap_url: str = SNAP_SANDBOX, api_url: str = API_SANDBOX, timeout: float = 10
    ):
        self.server_key = server_key
        self.snap_url = snap_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    # --- starting a payment ---------------------------------------------------------------------

    def start(self, checkout: CheckoutRequest) -> Checkout:
        if not self.server_key:
            raise GatewayError("Midtrans is not configured (KABAR_MIDTRANS_SERVER_KEY)")
        body = {
            "transaction_details": {"order_id": checkout.order_id, "gross_amount": checkout.amount},
            "item_details": [
                {
                    "id": checkout.item_id,
                    "price": checkout.amount,
                    "quantity": 1,
                    "name": checkout.description[:ITEM_NAME_MAX],
                }
            ],
            "customer_details": {"first_name": checkout.customer_name[:50], "email": checkout.customer_email},
            "callbacks": {"finish": checkout.finish_url},
        }
        try:
            response = requests.post(
                f"{self.snap_url}/snap/v1/transactions",
                json=body,
                auth=(self.server_key, ""),
                # Notifications for this payment come to this site, whatever the dashboard says.
                headers={"Accept": "application/json", "X-Override-Notification": checkout.notification_url},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise GatewayError(f"Midtrans Snap unreachable: {error.__class__.__name__}") from error
        data = json_response(response)
        if response.status_code not in (200, 201):
            messages = data.get("error_messages") or [data.get("status_message", "")]
            raise GatewayError(f"Midtrans Snap refused (HTTP {response.status_code}): {'; '.join(map(str, messages))}")
        redirect_url = data.get("redirect_url")
        if not isinstance(redirect_url, str) or not redirect_url.startswith(("https://", "http://")):
            raise GatewayError("Midtrans Snap gave no redirect_url")
        return Checkout(redirect_url=redirect_url, reference=str(data.get("token", "")))

    # --- notifications ------------------------------------------------------------------------

    def verify(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        if not self.server_key:
            raise InvalidNotification("Midtrans is not configured", status=404)
        data = parse_json_object(body)
        self.check_signature(data)
        return self.read(data)

    def check_signature(self, data: Mapping[str, Any]) -> None:
        given = data.get("signature_key")
        if not isinstance(given, str) or not given:
            raise InvalidNotification("unsigned notification", status=403)
        order_id, status_code, gross_amount = (
            required_text(data, key) for key in ("order_id", "status_code", "gross_amount")
        )
        expected = signature(order_id, status_code, gross_amount, self.server_key)
        if not hmac.compare_digest(expected, given.strip().lower()):
            raise InvalidNotification("bad signature", status=403)

    def read(self, data: Mapping[str, Any]) -> Notification:
        transaction_status = required_text(data, "transaction_status")
        fraud_status = data.get("fraud_status")
        currency = data.get("currency", "IDR")
        if not isinstance(currency, str):
            raise InvalidNotification("invalid currency")
        return Notification(
            order_id=required_text(data, "order_id"),
            transaction_id=str(data.get("transaction_id") or ""),
            status=payment_status(transaction_status, fraud_status if isinstance(fraud_status, str) else None),
            amount=parse_amount(required_text(data, "gross_amount")),
            currency=currency.upper(),
            gateway_status=transaction_status if not fraud_status else f"{transaction_status}/{fraud_status}",
            payload=dict(data),
        )

    # --- the status API -----------------------------------------------------------------------

    def confirm(self, notification: Notification) -> Notification:
        try:
            response = requests.get(
                f"{self.api_url}/v2/{quote(notification.order_id, safe='')}/status",
                auth=(self.server_key, ""),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise GatewayError(f"Midtrans status API unreachable: {error.__class__.__name__}") from error
        if response.status_code >= 500 or response.status_code in (401, 403):
            raise GatewayError(f"Midtrans status API answered HTTP {response.status_code}")
        data = json_response(response)
        if response.status_code == 404 or str(data.get("status_code")) == "404":
            raise InvalidNotification("the gateway knows no such transaction", status=404)
        if response.status_code != 200:
            raise GatewayError(f"Midtrans status API answered HTTP {response.status_code}")
        if "signature_key" in data:
            self.check_signature(data)
        confirmed = self.read(data)
        if confirmed.order_id != notification.order_id:
            raise InvalidNotification("the status API speaks of another order", status=400)
        return confirmed
