"""Payment gateways behind one interface (base.Gateway): sandbox (default), midtrans, xendit.

KABAR_PAYMENT_GATEWAY picks the one new checkouts use. Notifications are accepted from every
gateway that is configured, so orders started before a switch still settle.
"""

from __future__ import annotations

from django.conf import settings

from kabar.membership.gateways.base import (
    Checkout,
    CheckoutRequest,
    Gateway,
    GatewayError,
    InvalidNotification,
    Notification,
    PaymentStatus,
)

__all__ = [
    "Checkout",
    "CheckoutRequest",
    "Gateway",
    "GatewayError",
    "InvalidNotification",
    "Notification",
    "PaymentStatus",
    "available",
    "checkout_gateway",
    "get_gateway",
]

NAMES = ("sandbox", "midtrans", "xendit")


class GatewayUnavailable(GatewayError):
    """No such gateway, or it is not configured here."""


def available(name: str) -> bool:
    if name == "sandbox":
        return not settings.PRODUCTION or settings.KABAR_PAYMENT_GATEWAY == "sandbox"
    if name == "midtrans":
        return bool(settings.KABAR_MIDTRANS_SERVER_KEY)
    if name == "xendit":
        return bool(settings.KABAR_XENDIT_SECRET_KEY and settings.KABAR_XENDIT_CALLBACK_TOKEN)
    return False


def get_gateway(name: str) -> Gateway:
    """The adapter for `name`, configured from settings; GatewayUnavailable if it is not usable here."""
    if name not in NAMES or not available(name):
        raise GatewayUnavailable(f"payment gateway {name!r} is not configured")
    timeout = settings.KABAR_PAYMENT_TIMEOUT
    if name == "midtrans":
        from kabar.membership.gateways.midtrans import MidtransGateway

        return MidtransGateway(
            settings.KABAR_MIDTRANS_SERVER_KEY,
            snap_url=settings.KABAR_MIDTRANS_SNAP_URL,
            api_url=settings.KABAR_MIDTRANS_API_URL,
            timeout=timeout,
        )
    if name == "xendit":
        from kabar.membership.gateways.xendit import XenditGateway

        return XenditGateway(
            settings.KABAR_XENDIT_SECRET_KEY,
            settings.KABAR_XENDIT_CALLBACK_TOKEN,
            api_url=settings.KABAR_XENDIT_API_URL,
            timeout=timeout,
        )
    from kabar.membership.gateways.sandbox import SandboxGateway

    return SandboxGateway()


def checkout_gateway() -> Gateway:
    """The gateway new checkouts go to (KABAR_PAYMENT_GATEWAY)."""
    return get_gateway(settings.KABAR_PAYMENT_GATEWAY)
