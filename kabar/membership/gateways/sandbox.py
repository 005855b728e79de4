"""The built-in sandbox gateway: the whole Kabar+ flow on one machine, no account anywhere.

It behaves as Midtrans does, with a server key of its own: checkout sends the reader to a
simulated payment page (/kabarplus/sandbox/bayar/<order>/, "Bayar" or "Gagal"), which then posts
a notification to Kabar's webhook signed exactly as Midtrans signs it. Kabar verifies it with the
Midtrans code and confirms it against the sandbox's own books (SandboxTransaction), as it would
ask Midtrans's status API. It is the default outside production and refused in production
unless KABAR_PAYMENT_GATEWAY=sandbox is set on purpose.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kabar.membership.gateways.base import (
    Checkout,
    CheckoutRequest,
    GatewayError,
    InvalidNotification,
    Notification,
)
from kabar.membership.gateways.midtrans import MidtransGateway, signature
from kabar.membership.models import SandboxTransaction

# Midtrans's status_code for each transaction_status the sandbox can report.
STATUS_CODES = {
    "pending": "201",
    "settlement": "200",
    "deny": "202",
    "cancel": "200",
    "expire": "407",
    "refund": "200",
    "chargeback": "200",
}
OUTCOMES = {"pay": "settlement", "fail": "deny", "refund": "refund"}


def sandbox_server_key() -> str:
    """KABAR_SANDBOX_SERVER_KEY, or one derived from the site's secret key."""
    configured = getattr(settings, "KABAR_SANDBOX_SERVER_KEY", "")
    return configured or "SB-Kabar-" + salted_hmac("kabar.membership.sandbox", "server-key").hexdigest()


class SandboxGateway(MidtransGateway):
    name = "sandbox"

    def __init__(self, server_key: str | None = None) -> None:
        super().__init__(server_key or sandbox_server_key())

    def start(self, checkout: CheckoutRequest) -> Checkout:
        SandboxTransaction.objects.get_or_create(
            order_id=checkout.order_id,
            defaults={
                "amount": checkout.amount,
                "currency": checkout.currency,
                "transaction_id": str(uuid.uuid4()),
            },
        )
        path = reverse("membership:sandbox_pay", args=[checkout.order_id])
        return Checkout(redirect_url=f"{settings.BASE_URL}{path}", reference=checkout.order_id)

    def confirm(self, notification: Notification) -> Notification:
        # The sandbox's "status API": its own record, read the way Midtrans's answer is read.
        transaction = SandboxTransaction.objects.filter(order_id=notification.order_id).first()
        if transaction is None:
            raise InvalidNotification("the gateway knows no such transaction", status=404)
        return self.read(self.payload(transaction))

    def payload(self, transaction: SandboxTransaction) -> dict[str, Any]:
        """The notification (and status answer) Midtrans would send for this transaction now."""
        status_code = STATUS_CODES[transaction.status]
        gross_amount = f"{transaction.amount}.00"
        return {
            "transaction_time": timezone.localtime(transaction.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "transaction_status": transaction.status,
            "transaction_id": transaction.transaction_id,
            "status_message": "Kabar sandbox notification",
            "status_code": status_code,
            "signature_key": signature(transaction.order_id, status_code, gross_amount, self.server_key),
            "payment_type": "bank_transfer",
            "order_id": transaction.order_id,
            "merchant_id": "KABAR-SANDBOX",
            "gross_amount": gross_amount,
            "fraud_status": "accept",
            "currency": transaction.currency,
        }

    def simulate(self, order_id: str, outcome: str) -> dict[str, Any]:
        """The reader pressed "Bayar" ("pay") or "Gagal" ("fail"), or staff a refund: the sandbox's books move."""
        if outcome not in OUTCOMES:
            raise GatewayError(f"unknown sandbox outcome {outcome!r}")
        transaction = SandboxTransaction.objects.filter(order_id=order_id).first()
        if transaction is None:
            raise GatewayError("no such sandbox transaction")
        transaction.status = OUTCOMES[outcome]
        transaction.save(update_fields=["status", "updated_at"])
        return self.payload(transaction)
