"""`kabar check`: a payment gateway chosen but not configured is reported at start-up, not at checkout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from kabar.membership import gateways


def payment_gateway_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    name = settings.KABAR_PAYMENT_GATEWAY
    if not name:
        return [
            checks.Info(
                "No payment gateway: Kabar+ cannot be bought.",
                hint="Set KABAR_PAYMENT_GATEWAY to midtrans or xendit with their keys.",
                id="membership.I001",
            )
        ]
    if name not in gateways.NAMES:
        return [
            checks.Error(
                f"KABAR_PAYMENT_GATEWAY={name!r} is not one of {', '.join(gateways.NAMES)}.", id="membership.E001"
            )
        ]
    if not gateways.available(name):
        hint = {
            "midtrans": "Set KABAR_MIDTRANS_SERVER_KEY.",
            "xendit": "Set KABAR_XENDIT_SECRET_KEY and KABAR_XENDIT_CALLBACK_TOKEN.",
            "sandbox": "The sandbox is refused in production unless KABAR_PAYMENT_GATEWAY=sandbox is set.",
        }[name]
        return [checks.Error(f"The payment gateway {name} is not configured.", hint=hint, id="membership.E002")]
    return []


def register() -> None:
    checks.register(payment_gateway_configured, checks.Tags.security, deploy=False)
