"""Xendit Invoices: payments start as an invoice; callbacks carry the account's verification token.

- Start: POST {api}/v2/invoices with HTTP Basic auth (secret API key as user, empty password);
  the answer's `invoice_url` is the page where the reader pays, `id` the invoice.
- Callback: a JSON POST with the header `x-callback-token` equal to the account's callback
  verification token (KABAR_XENDIT_CALLBACK_TOKEN); `external_id` is Kabar's order number.
- The token is the same on every callback, so before granting Kabar reads the invoice back
  (GET {api}/v2/invoices/<id>) and uses that status.
"""

from __future__ import annotations

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

API_URL = "https://api.xendit.co"
TOKEN_HEADER = "x-callback-token"  # noqa: S105 - a header name, not a secret
INVOICE_SECONDS = 24 * 3600

STATUSES = {
    "PENDING": PaymentStatus.PENDING,
    "PAID": PaymentStatus.PAID,
    "SETTLED": PaymentStatus.PAID,
    "EXPIRED": PaymentStatus.EXPIRED,
}


class XenditGateway(Gateway):
    name = "xendit"

    def __init__(self, secret_key: str, callback_token: str, *, api_url: str = API_URL, timeout: float = 10):
        self.secret_key = secret_key
        self.callback_token = callback_token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def start(self, checkout: CheckoutRequest) -> Checkout:
        if not self.secret_key:
            raise GatewayError("Xendit is not configured (KABAR_XENDIT_SECRET_KEY)")
        body = {
            "external_id": checkout.order_id,
            "amount": checkout.amount,
            "currency": checkout.currency,
            "description": checkout.description,
            "payer_email": checkout.customer_email,
            "customer": {"given_names": checkout.customer_name, "email": checkout.customer_email},
            "items": [{"name": checkout.description, "quantity": 1, "price": checkout.amount}],
            "invoice_duration": INVOICE_SECONDS,
            "success_redirect_url": checkout.finish_url,
            "failure_redirect_url": checkout.finish_url,
        }
        try:
            response = requests.post(
                f"{self.api_url}/v2/invoices",
                json=body,
                auth=(self.secret_key, ""),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise GatewayError(f"Xendit unreachable: {error.__class__.__name__}") from error
        data = json_response(response)
        if response.status_code not in (200, 201):
            raise GatewayError(f"Xendit refused (HTTP {response.status_code}): {data.get('error_code', '')}")
        invoice_url = data.get("invoice_url")
        if not isinstance(invoice_url, str) or not invoice_url.startswith(("https://", "http://")):
            raise GatewayError("Xendit gave no invoice_url")
        return Checkout(redirect_url=invoice_url, reference=str(data.get("id", "")))

    def verify(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        if not self.callback_token:
            raise InvalidNotification("Xendit callbacks are not configured", status=404)
        given = headers.get(TOKEN_HEADER) or ""
        if not given:
            raise InvalidNotification("no x-callback-token", status=403)
        if not hmac.compare_digest(given.encode(), self.callback_token.encode()):
            raise InvalidNotification("bad x-callback-token", status=403)
        return self.read(parse_json_object(body))

    def read(self, data: Mapping[str, Any]) -> Notification:
        status = required_text(data, "status").upper()
        if status not in STATUSES:
            raise InvalidNotification(f"unknown invoice status {status!r}")
        currency = data.get("currency")
        if not isinstance(currency, str) or not currency:
            raise InvalidNotification("missing currency")
        return Notification(
            order_id=required_text(data, "external_id"),
            transaction_id=required_text(data, "id"),
            status=STATUSES[status],
            amount=parse_amount(data.get("amount")),
            currency=currency.upper(),
            gateway_status=status,
            payload=dict(data),
        )

    def confirm(self, notification: Notification) -> Notification:
        try:
            response = requests.get(
                f"{self.api_url}/v2/invoices/{quote(notification.transaction_id, safe='')}",
                auth=(self.secret_key, ""),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise GatewayError(f"Xendit unreachable: {error.__class__.__name__}") from error
        if response.status_code == 404:
            raise InvalidNotification("the gateway knows no such invoice", status=404)
        if response.status_code != 200:
            raise GatewayError(f"Xendit answered HTTP {response.status_code}")
        confirmed = self.read(json_response(response))
        if confirmed.order_id != notification.order_id or confirmed.transaction_id != notification.transaction_id:
            raise InvalidNotification("the invoice speaks of another order", status=400)
        return confirmed
