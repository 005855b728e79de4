"""The state machine: orders only move forward; memberships extend, lapse, expire and end as the rules say."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.utils import timezone

from kabar.membership import services
from kabar.membership.gateways import Notification, PaymentStatus
from kabar.membership.models import Membership, MembershipChange, Order, add_months
from tests import factories
from tests.membership.conftest import sandbox_order

pytestmark = pytest.mark.django_db


def confirmed(order: Order, status: PaymentStatus) -> Notification:
    return Notification(order.order_id, "trx-1", status, Decimal(order.amount), "IDR", str(status))


def pay(order: Order, now: dt.datetime | None = None) -> str:
    return services.record_payment_status(order.pk, confirmed(order, PaymentStatus.PAID), now=now)[0]


def membership_of(user) -> Membership:
    return Membership.objects.get(user=user)


def test_a_first_payment_starts_now_and_runs_the_plans_length(reader, plans):
    now = timezone.now()
    assert pay(sandbox_order(reader, plans["tahunan"]), now) == "applied"
    membership = membership_of(reader)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.started_at == now
    assert membership.ends_at == add_months(now, 12)
    assert membership.is_entitled(now)


def test_renewal_while_active_extends_from_the_current_end(reader, plans):
    now = timezone.now()
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0001"), now)
    first_end = membership_of(reader).ends_at
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0002"), now + dt.timedelta(days=10))
    assert membership_of(reader).ends_at == add_months(first_end, 1)


def test_renewal_in_the_grace_period_extends_from_the_old_end(reader, plans, settings):
    settings.KABAR_PLUS_GRACE_DAYS = 3
    now = timezone.now()
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0001"), now)
    end = membership_of(reader).ends_at
    later = end + dt.timedelta(days=1)
    assert services.expire_memberships(now=later) == 1
    assert membership_of(reader).status == Membership.Status.GRACE
    assert membership_of(reader).is_entitled(later)
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0002"), later)
    assert membership_of(reader).ends_at == add_months(end, 1)
    assert membership_of(reader).status == Membership.Status.ACTIVE


def test_after_the_grace_period_it_expires_and_a_new_payment_starts_afresh(reader, plans, settings):
    settings.KABAR_PLUS_GRACE_DAYS = 3
    now = timezone.now()
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0001"), now)
    end = membership_of(reader).ends_at
    services.expire_memberships(now=end + dt.timedelta(hours=1))
    much_later = end + dt.timedelta(days=10)
    assert services.expire_memberships(now=much_later) == 1
    membership = membership_of(reader)
    assert membership.status == Membership.Status.EXPIRED
    assert not membership.is_entitled(much_later)
    pay(sandbox_order(reader, plans["bulanan"], "halaman-bayar-0002"), much_later)
    assert membership_of(reader).ends_at == add_months(much_later, 1)
    kinds = list(membership_of(reader).changes.order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == ["payment", "grace", "expiry", "payment"]


@pytest.mark.parametrize("status", [PaymentStatus.REFUNDED, PaymentStatus.CHARGEBACK])
def test_a_refund_or_chargeback_ends_the_entitlement_at_once(reader, plans, status):
    now = timezone.now()
    order = sandbox_order(reader, plans["tahunan"])
    pay(order, now)
    later = now + dt.timedelta(days=30)
    assert services.record_payment_status(order.pk, confirmed(order, status), now=later)[0] == "applied"
    membership = membership_of(reader)
    assert membership.status == Membership.Status.REFUNDED
    assert membership.ends_at == later
    assert not membership.is_entitled(later + dt.timedelta(seconds=1))
    order.refresh_from_db()
    assert order.status == status.value


@pytest.mark.parametrize(
    "late", [PaymentStatus.PENDING, PaymentStatus.EXPIRED, PaymentStatus.FAILED, PaymentStatus.CANCELLED]
)
def test_a_late_notification_never_moves_a_paid_order_backwards(reader, plans, late):
    order = sandbox_order(reader, plans["bulanan"])
    pay(order)
    ends = membership_of(reader).ends_at
    outcome, _detail = services.record_payment_status(order.pk, confirmed(order, late))
    assert outcome == "ignored"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert membership_of(reader).ends_at == ends


def test_money_arriving_after_an_expiry_still_pays_the_order(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    assert services.record_payment_status(order.pk, confirmed(order, PaymentStatus.EXPIRED))[0] == "applied"
    assert membership_of(reader).status == Membership.Status.PENDING
    assert pay(order) == "applied"
    assert membership_of(reader).status == Membership.Status.ACTIVE


def test_a_refunded_order_is_never_paid_again(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    pay(order)
    services.record_payment_status(order.pk, confirmed(order, PaymentStatus.REFUNDED))
    assert pay(order) == "ignored"
    assert membership_of(reader).status == Membership.Status.REFUNDED


def test_the_same_payment_twice_extends_once(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    assert pay(order) == "applied"
    ends = membership_of(reader).ends_at
    assert pay(order) == "duplicate"
    assert membership_of(reader).ends_at == ends
    assert MembershipChange.objects.filter(order=order, kind="payment").count() == 1


def test_a_manual_grant_needs_a_reason_and_is_logged_with_its_author(reader, caplog):
    editor = factories.staff("bisnis", None)
    with pytest.raises(ValueError):
        services.grant_membership(reader, months=1, reason="  ", actor=editor)
    with pytest.raises(ValueError):
        services.grant_membership(reader, reason="hadiah", actor=editor)
    assert not Membership.objects.filter(user=reader).exists()
    now = timezone.now()
    with caplog.at_level(logging.INFO, logger="kabar.membership.services"):
        membership = services.grant_membership(
            reader, months=1, days=5, reason="Pemenang kuis HUT", actor=editor, now=now
        )
    assert membership.ends_at == add_months(now, 1) + dt.timedelta(days=5)
    change = membership.changes.get()
    assert (change.kind, change.actor, change.reason) == ("grant", editor, "Pemenang kuis HUT")
    assert "Pemenang kuis HUT" in caplog.text


def test_cancelling_ends_the_membership_now_with_a_reason(reader, plans):
    pay(sandbox_order(reader, plans["tahunan"]))
    membership = membership_of(reader)
    with pytest.raises(ValueError):
        services.cancel_membership(membership, reason="", actor=None)
    now = timezone.now()
    services.cancel_membership(membership, reason="Permintaan pembaca", actor=None, now=now)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert not membership.is_entitled(now + dt.timedelta(seconds=1))


def test_add_months_keeps_the_day_or_takes_the_months_last():
    jan31 = dt.datetime(2027, 1, 31, 10, tzinfo=dt.UTC)
    assert add_months(jan31, 1) == dt.datetime(2027, 2, 28, 10, tzinfo=dt.UTC)
    assert add_months(jan31, 12) == dt.datetime(2028, 1, 31, 10, tzinfo=dt.UTC)
    assert add_months(dt.datetime(2027, 11, 15, tzinfo=dt.UTC), 3) == dt.datetime(2028, 2, 15, tzinfo=dt.UTC)
