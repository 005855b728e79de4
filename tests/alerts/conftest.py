"""Alerts' test helpers: the loopback push service, browsers that subscribe through the real view,
and the test database as other processes (workers) see it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from kabar.alerts import services
from tests.alerts.push_service import FakeBrowser, PushService


@pytest.fixture
def push_service(db, settings) -> Iterator[PushService]:
    """The stand-in push service, admitted by KABAR_PUSH_ENDPOINT_ALLOW as a local push service would be."""
    service = PushService(vapid_public_key=services.vapid_public_key()).start()
    settings.KABAR_PUSH_ENDPOINT_ALLOW = [f"{service.url}/wpush/"]
    # Every test browser posts from 127.0.0.1; the per-address limit has a test of its own.
    settings.KABAR_PUSH_SUBSCRIBE_RATE = 10_000
    yield service
    service.stop()
    assert service.problems == [], service.problems


@pytest.fixture
def subscribe(client: Client, push_service: PushService) -> Callable[..., FakeBrowser]:
    """`subscribe(["breaking"])`: a new browser posts its PushSubscription.toJSON() to /push/subscribe/."""

    def make(topics: list[str], http: Client | None = None) -> FakeBrowser:
        browser = FakeBrowser(push_service)
        response = (http or client).post(
            "/push/subscribe/",
            json.dumps({"subscription": browser.subscription(), "topics": topics}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return browser

    return make
