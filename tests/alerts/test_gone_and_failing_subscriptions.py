"""What push services answer decides what happens next: 404 and 410 mean the browser unsubscribed,
so its subscription goes; 429 and 5xx are tried again later, never sooner than Retry-After."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kabar.alerts import services
from kabar.alerts.models import Alert, Delivery, DeliveryStatus, PushSubscription
from tests import factories
from tests.alerts.push_service import Answer

pytestmark = pytest.mark.django_db


def make_alert(topics=("breaking",), key="test") -> Alert:
    alert, _ = services.compose_alert(
        factories.article("Banjir rob di pesisir utara"),
        title="Banjir rob di pesisir utara",
        text="Air laut naik hingga 1 meter.",
        topics=list(topics),
        idempotency_key=key,
    )
    return alert


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted_and_counted_as_expired(push_service, subscribe, status):
    gone, still_there = subscribe(["breaking"]), subscribe(["breaking"])
    push_service.answer(gone, status)

    report = services.send_alert(make_alert().pk)

    assert (report.sent, report.expired, report.failed, report.pending) == (1, 1, 0, 0)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [still_there.endpoint]
    assert push_service.attempts[gone.token] == 1


def test_429_is_retried_after_the_retry_after_it_asks_for(push_service, subscribe):
    browser = subscribe(["breaking"])
    push_service.answer(browser, Answer(429, {"Retry-After": "1"}))

    report = services.send_alert(make_alert().pk, inline_retry_seconds=10)

    assert (report.status, report.sent, report.failed) == ("done", 1, 0)
    assert push_service.attempts[browser.token] == 2
    assert len(push_service.delivered_to(browser)) == 1
    # The admin counts the tries, not only the browsers reached.
    assert Alert.objects.values_list("attempts", "retries").get() == (2, 1)


def test_a_long_retry_after_is_left_for_later_and_resumed_when_due(push_service, subscribe):
    browser = subscribe(["breaking"])
    push_service.answer(browser, Answer(429, {"Retry-After": "120"}), Answer(503))
    alert = make_alert()
    before = timezone.now()

    report = services.send_alert(alert.pk)

    assert (report.status, report.sent, report.pending) == ("sending", 0, 1)
    delivery = Delivery.objects.get(alert=alert)
    assert (delivery.attempts, delivery.last_status) == (1, 429)
    assert delivery.next_attempt_at >= before + dt.timedelta(seconds=120)
    # Not due yet: nothing is handed to the worker.
    assert services.resume_alerts() == 0

    # Time passes (the clock is moved by hand, not waited for): the retry is due and handed to the
    # worker (inline in the tests); its 503 is retried after a short back-off in the same run.
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.resume_alerts() == 1

    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status, delivery.status) == (3, 201, DeliveryStatus.SENT)
    alert.refresh_from_db()
    assert (alert.status, alert.sent) == (Alert.Status.DONE, 1)
    assert len(push_service.delivered_to(browser)) == 1


def test_server_errors_are_given_up_after_the_last_attempt(push_service, subscribe, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(services, "retry_delay", lambda attempt, retry_after: 0.0)
    browser = subscribe(["breaking"])
    push_service.answer(browser, 500, 502, 500)

    report = services.send_alert(make_alert().pk)

    assert (report.status, report.sent, report.failed) == ("done", 0, 1)
    assert push_service.attempts[browser.token] == 2
    assert Delivery.objects.get().error == "HTTP 502"


def test_a_redirect_from_a_push_service_is_not_followed(push_service, subscribe):
    browser = subscribe(["breaking"])
    push_service.answer(browser, Answer(307, {"Location": "http://169.254.169.254/"}))

    report = services.send_alert(make_alert().pk)

    assert (report.sent, report.failed) == (0, 1)
    assert "redirect not followed" in Delivery.objects.get().error


def test_one_failing_browser_does_not_hold_up_the_others(push_service, subscribe):
    browsers = [subscribe(["breaking"]) for _ in range(5)]
    push_service.answer(browsers[2], 400)

    report = services.send_alert(make_alert().pk)

    assert (report.sent, report.failed) == (4, 1)
    assert [len(push_service.delivered_to(b)) for b in browsers] == [1, 1, 0, 1, 1]


def test_retry_after_as_an_http_date_and_back_off_are_honoured():
    from kabar.alerts.channels.base import parse_retry_after

    now = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Sun, 29 Nov 2026 10:01:30 GMT", now) == 90
    assert parse_retry_after("30") == 30
    assert parse_retry_after("soon") is None
    assert services.retry_delay(1, 120) == 120
    assert 1.6 <= services.retry_delay(1, None) <= 2.4
    assert services.retry_delay(20, None) <= 720
