"""The one interface every payment gateway adapter implements, and the types it speaks in."""

from __future__ import annotations

import enum
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import requests


class PaymentStatus(enum.StrEnum):
    """A payment's state in Kabar's words, whatever the gateway calls it."""

    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    CHARGEBACK = "chargeback"


@dataclass(frozen=True)
class CheckoutRequest:
    order_id: str
    amount: int
    currency: str
    item_id: str
    description: str
    customer_name: str
    customer_email: str
    # Where the gateway sends the reader back to, and where it posts its notifications.
    finish_url: str
    notification_url: str


@dataclass(frozen=True)
class Checkout:
    redirect_url: str
    reference: str = ""


@dataclass(frozen=True)
class Notification:
    """What a verified notification (or a status API answer) says about one payment."""

    order_id: str
    transaction_id: str
    status: PaymentStatus
    amount: Decimal
    currency: str
    gateway_status: str
    payload: Mapping[str, Any] = field(default_factory=dict, compare=False)


class GatewayError(Exception):
    """The gateway could not be reached or answered nonsense: nothing changed, try again later."""


class InvalidNotification(Exception):
    """A notification Kabar refuses: unsigned, forged, malformed. `status` is the HTTP answer."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class Gateway(ABC):
    """A payment gateway: start a payment, verify its notifications, confirm a payment's status."""

    name: str = ""

    @abstractmethod
    def start(self, checkout: CheckoutRequest) -> Checkout:
        """Create the payment at the gateway; the reader is sent to `redirect_url` to pay.

        Raises GatewayError when the gateway is down or refuses.
        """

    @abstractmethod
    def verify(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        """Check a notification's signature or token and read it. Raises InvalidNotification."""

    @abstractmethod
    def confirm(self, notification: Notification) -> Notification:
        """Ask the gateway itself for the payment's current state (its status API).

        Raises GatewayError when it cannot be asked, InvalidNotification when it denies the payment.
        """


def parse_json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidNotification(f"not JSON: {error}") from error
    if not isinstance(data, dict):
        raise InvalidNotification("not a JSON object")
    return data


def required_text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidNotification(f"missing or invalid field {key!r}")
    return value


def parse_amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidNotification("invalid amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise InvalidNotification("invalid amount") from error
    if not amount.is_finite() or amount < 0:
        raise InvalidNotification("invalid amount")
    return amount


def json_response(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as error:
        raise GatewayError(f"answer is not JSON (HTTP {response.status_code})") from error
    if not isinstance(data, dict):
        raise GatewayError(f"answer is not a JSON object (HTTP {response.status_code})")
    return data
