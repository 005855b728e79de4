"""Browsers subscribe, change their topics and stop, through /push/; bad input is refused clearly."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from kabar.alerts import queries
from kabar.alerts.models import PushSubscription
from tests import factories
from tests.alerts.push_service import FakeBrowser

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: object, **extra: str):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def topics_of(browser: FakeBrowser) -> set[str]:
    return set(PushSubscription.objects.get(endpoint=browser.endpoint).topics.values_list("topic", flat=True))


def test_a_browser_subscribes_with_its_push_subscription_and_topics(client, push_service):
    section = factories.section("Tekno")
    browser = FakeBrowser(push_service)

    response = post(
        client,
        "/push/subscribe/",
        {"subscription": browser.subscription(), "topics": ["breaking", queries.section_topic(section.pk)]},
    )

    assert response.status_code == 200
    assert response.json() == {"ok": True, "topics": sorted(["breaking", f"section-{section.pk}"])}
    assert response["Cache-Control"] == "private, no-store"
    stored = PushSubscription.objects.get()
    assert (stored.endpoint, stored.p256dh, stored.auth, stored.user) == (
        browser.endpoint, browser.p256dh, browser.auth, None,
    )  # fmt: skip


def test_subscribing_again_changes_the_topics_of_the_same_browser(client, push_service, subscribe):
    browser = subscribe(["breaking", "picks"])

    response = post(client, "/push/subscribe/", {"subscription": browser.subscription(), "topics": ["picks"]})

    assert response.status_code == 200
    assert PushSubscription.objects.count() == 1
    assert topics_of(browser) == {"picks"}


def test_the_browser_can_read_back_its_topics_and_stop(client, push_service, subscribe):
    browser = subscribe(["breaking"])

    assert post(client, "/push/subscription/", {"endpoint": browser.endpoint}).json()["topics"] == ["breaking"]
    response = post(client, "/push/unsubscribe/", {"endpoint": browser.endpoint})

    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()
    assert post(client, "/push/subscription/", {"endpoint": browser.endpoint}).status_code == 404


def test_a_logged_in_reader_s_browser_is_linked_to_the_account(client, push_service, subscribe):
    reader = factories.staff("pembaca", None)
    client.force_login(reader)

    browser = subscribe(["breaking"])

    assert PushSubscription.objects.get(endpoint=browser.endpoint).user == reader


def test_a_renewed_subscription_keeps_the_topics_and_replaces_the_old_one(client, push_service, subscribe):
    old = subscribe(["picks", "breaking"])
    renewed = FakeBrowser(push_service)

    response = post(
        client, "/push/subscribe/", {"subscription": renewed.subscription(), "topics": [], "replaces": old.endpoint}
    )

    assert response.status_code == 200
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [renewed.endpoint]
    assert topics_of(renewed) == {"picks", "breaking"}


def test_config_gives_the_vapid_key_and_a_csrf_token_never_cached(client, push_service):
    response = client.get("/push/config/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = response.json()
    assert data["publicKey"] == push_service.vapid_public_key
    assert data["csrfToken"]
    assert data["serviceWorker"] == "/push/sw.js"


def test_subscribing_needs_the_csrf_token_from_config(push_service):
    browser_client = Client(enforce_csrf_checks=True)
    browser = FakeBrowser(push_service)
    body = {"subscription": browser.subscription(), "topics": ["breaking"]}

    assert post(browser_client, "/push/subscribe/", body).status_code == 403

    token = browser_client.get("/push/config/").json()["csrfToken"]
    assert post(browser_client, "/push/subscribe/", body, HTTP_X_CSRFTOKEN=token).status_code == 200


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s.update(endpoint="https://push.evil.example/abc"), "push.evil.example is not a known push service"),
        (lambda s: s.update(endpoint="http://fcm.googleapis.com/fcm/send/x"), "not https"),
        (lambda s: s.update(endpoint="https://fcm.googleapis.com@evil.example/x"), "credentials"),
        (lambda s: s.update(endpoint="https://fcm.googleapis.com.evil.example/x"), "not a known push service"),
        (lambda s: s.update(endpoint="https://fcm.googleapis.com:8443/x"), "standard https port"),
        (lambda s: s.pop("endpoint"), "no endpoint"),
        (lambda s: s.pop("keys"), "no keys"),
        (lambda s: s["keys"].update(p256dh="AAAA"), "p256dh"),
        (lambda s: s["keys"].update(p256dh="B" + "A" * 86), "p256dh"),
        (lambda s: s["keys"].update(auth="c2hvcnQ"), "auth must be 16 bytes"),
        (lambda s: s["keys"].update(auth="not base64!"), "base64"),
    ],
)
def test_bad_subscriptions_are_refused_with_a_reason_and_logged(client, push_service, caplog, change, reason):
    subscription = FakeBrowser(push_service).subscription()
    change(subscription)

    with caplog.at_level(logging.INFO, logger="kabar.alerts.views"):
        response = post(client, "/push/subscribe/", {"subscription": subscription, "topics": ["breaking"]})

    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert reason in caplog.text
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        ("{not json", "application/json", "not valid JSON"),
        ("[]", "application/json", "JSON object"),
        ('{"subscription": 1}', "text/plain", "application/json"),
        ("x" * 9000, "application/json", "too large"),
    ],
)
def test_malformed_requests_are_refused(client, push_service, body, content_type, reason):
    response = client.post("/push/subscribe/", body, content_type=content_type)

    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_unknown_or_missing_topics_are_refused(client, push_service):
    browser = FakeBrowser(push_service)

    unknown = post(client, "/push/subscribe/", {"subscription": browser.subscription(), "topics": ["section-999"]})
    none = post(client, "/push/subscribe/", {"subscription": browser.subscription(), "topics": []})
    not_a_list = post(client, "/push/subscribe/", {"subscription": browser.subscription(), "topics": "breaking"})

    assert unknown.status_code == none.status_code == not_a_list.status_code == 400
    assert "unknown topic" in unknown.json()["error"]
    assert "at least one" in none.json()["error"]
    assert not PushSubscription.objects.exists()


def test_get_is_not_allowed_on_the_posting_endpoints(client, push_service):
    assert client.get("/push/subscribe/").status_code == 405
    assert client.get("/push/unsubscribe/").status_code == 405


def test_a_flood_of_subscriptions_from_one_address_is_refused_with_429(client, push_service, settings, caplog):
    settings.KABAR_PUSH_SUBSCRIBE_RATE = 3
    answers = [
        post(
            client, "/push/subscribe/", {"subscription": FakeBrowser(push_service).subscription(), "topics": ["picks"]}
        )
        for _ in range(5)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    assert PushSubscription.objects.count() == 3
    assert "over the limit" in caplog.text
    other_address = post(
        client,
        "/push/subscribe/",
        {"subscription": FakeBrowser(push_service).subscription(), "topics": ["picks"]},
        REMOTE_ADDR="192.0.2.7",
    )
    assert other_address.status_code == 200
