"""The worker clock's alert jobs: per-browser rows of old alerts are pruned, abandoned sends resumed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone

from kabar.alerts import services
from kabar.alerts.models import Alert, Delivery, DeliveryStatus
from tests import factories

pytestmark = pytest.mark.django_db


def sent_alert(push_service, subscribe, key: str) -> Alert:
    subscribe(["breaking"])
    alert, _ = services.compose_alert(
        factories.article(key), title=key, text="", topics=["breaking"], idempotency_key=key, enqueue=False
    )
    services.send_alert(alert.pk)
    return Alert.objects.get(pk=alert.pk)


def test_deliveries_of_alerts_finished_a_month_ago_are_pruned_and_the_counts_kept(push_service, subscribe):
    old, recent = sent_alert(push_service, subscribe, "lama"), sent_alert(push_service, subscribe, "baru")
    Alert.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))

    assert services.prune_deliveries() == 1
    assert services.prune_deliveries() == 0

    assert not Delivery.objects.filter(alert=old).exists()
    assert Delivery.objects.filter(alert=recent).count() == 2
    old.refresh_from_db()
    assert (old.status, old.sent, old.total) == (Alert.Status.DONE, 1, 1)


def test_a_send_abandoned_by_a_dead_worker_is_resumed_once_its_claims_expire(push_service, subscribe):
    browsers = [subscribe(["breaking"]) for _ in range(3)]
    alert, _ = services.compose_alert(
        factories.article("Ditinggal"), title="Ditinggal", text="", topics=["breaking"], idempotency_key="d",
        enqueue=False,
    )  # fmt: skip
    services.fan_out(alert)
    # A worker claimed everything and died: its claims still run, and its heartbeat stopped.
    Alert.objects.filter(pk=alert.pk).update(status=Alert.Status.SENDING, heartbeat_at=timezone.now())
    with transaction.atomic():
        services._take(Delivery, alert.pk, "dead-worker", 10, timezone.now(), defaultdict(int))

    assert services.resume_alerts() == 0
    assert push_service.received == []

    later = timezone.now() - dt.timedelta(minutes=10)
    Alert.objects.filter(pk=alert.pk).update(heartbeat_at=later)
    Delivery.objects.filter(alert=alert).update(claimed_until=later)
    assert services.resume_alerts() == 1

    alert.refresh_from_db()
    assert (alert.status, alert.sent) == (Alert.Status.DONE, 3)
    assert [len(push_service.delivered_to(b)) for b in browsers] == [1, 1, 1]


def test_a_delivery_in_flight_each_time_its_worker_died_is_given_up_after_the_last_attempt(push_service, subscribe):
    subscribe(["breaking"])
    alert, _ = services.compose_alert(
        factories.article("Racun"), title="Racun", text="", topics=["breaking"], idempotency_key="r", enqueue=False
    )
    services.fan_out(alert)
    # Marked sending by a worker that died, as often as a delivery may be tried: perhaps this very
    # delivery is what kills them, so it is not sent to yet another one.
    lapsed = timezone.now() - dt.timedelta(minutes=1)
    Delivery.objects.filter(alert=alert).update(
        status=DeliveryStatus.SENDING, attempts=services.MAX_ATTEMPTS, claimed_by="dead-worker", claimed_until=lapsed
    )

    report = services.send_alert(alert.pk)

    assert (report.status, report.sent, report.failed, report.pending) == ("done", 0, 1, 0)
    assert push_service.received == []
    assert Delivery.objects.get().error == "interrupted by a stopped worker"
