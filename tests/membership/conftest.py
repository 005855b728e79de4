"""Kabar+ test helpers: plans and readers in the real database, gateways as loopback stand-ins."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from kabar.membership import services
from kabar.membership.gateways.sandbox import SandboxGateway, sandbox_server_key
from kabar.membership.models import Order, Plan
from tests.membership import gateway_standins
from tests.membership.gateway_standins import StandIn, midtrans_signature

MIDTRANS_KEY = "SB-Mid-server-uji-1234567890"
XENDIT_KEY = "xnd_development_uji_1234567890"
XENDIT_TOKEN = "token-panggilan-balik-uji"


@pytest.fixture
def plans(db) -> dict[str, Plan]:
    return {
        "bulanan": Plan.objects.create(name="Kabar+ Bulanan", slug="bulanan", period="monthly", price=49_000),
        "tahunan": Plan.objects.create(
            name="Kabar+ Tahunan", slug="tahunan", period="yearly", price=490_000, sort_order=1
        ),
    }


def make_reader(username: str = "pembaca") -> Any:
    return get_user_model().objects.create_user(username, f"{username}@example.com", "rahasia-uji-123")


@pytest.fixture
def reader(db) -> Any:
    return make_reader()


@pytest.fixture
def midtrans(settings) -> Iterator[StandIn]:
    with gateway_standins.serve("midtrans", MIDTRANS_KEY) as standin:
        settings.KABAR_PAYMENT_GATEWAY = "midtrans"
        settings.KABAR_MIDTRANS_SERVER_KEY = MIDTRANS_KEY
        settings.KABAR_MIDTRANS_SNAP_URL = standin.url
        settings.KABAR_MIDTRANS_API_URL = standin.url
        yield standin


@pytest.fixture
def xendit(settings) -> Iterator[StandIn]:
    with gateway_standins.serve("xendit", XENDIT_KEY) as standin:
        settings.KABAR_PAYMENT_GATEWAY = "xendit"
        settings.KABAR_XENDIT_SECRET_KEY = XENDIT_KEY
        settings.KABAR_XENDIT_CALLBACK_TOKEN = XENDIT_TOKEN
        settings.KABAR_XENDIT_API_URL = standin.url
        yield standin


def sandbox_order(user: Any, plan: Plan, token: str = "halaman-bayar-0001") -> Order:  # noqa: S107 - a page id
    return services.start_checkout(user, plan, token, gateway=SandboxGateway())


def sandbox_notification(order: Order, outcome: str = "pay", **changes: Any) -> bytes:
    """What the sandbox's payment page sends: Midtrans's format, signed with the sandbox's key."""
    payload = SandboxGateway().simulate(order.order_id, outcome)
    if changes:
        payload.update(changes)
        payload["signature_key"] = midtrans_signature(
            payload["order_id"], payload["status_code"], payload["gross_amount"], sandbox_server_key()
        )
    return json.dumps(payload).encode()


def post_notification(client: Any, gateway: str, body: bytes | dict, **headers: str) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(f"/kabarplus/notifikasi/{gateway}/", data, content_type="application/json", **headers)
