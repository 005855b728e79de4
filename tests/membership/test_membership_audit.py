"""Every Kabar+ grant and cancellation by staff, every payment and refund from a gateway and every
expiry is in the audit trail with who and what: listed in Reports → Audit trail and in its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.utils import get_user_display_name
from wagtail.models import ModelLogEntry

from kabar.membership import services
from kabar.membership.models import Membership
from tests import factories
from tests.membership.conftest import post_notification, sandbox_notification, sandbox_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin(client) -> User:
    user = factories.in_english(factories.staff("admin", "Admin"))
    client.force_login(user)
    return user


def entries(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def csv_rows(client, action: str) -> list[dict[str, str]]:
    response = client.get(reverse("kabar_audit_trail"), {"export": "csv", "action": action})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_grant_and_a_cancellation_by_staff_are_in_the_audit_trail(client, admin, reader):
    response = client.post(
        reverse("membership_admin_grant"),
        {"reader": reader.email, "months": "2", "days": "0", "reason": "Pemenang kuis HUT"},
    )
    membership = Membership.objects.get(user=reader)
    assert response.status_code == 302
    [granted] = entries(services.MEMBERSHIP_GRANTED)
    assert granted.user == admin
    assert granted.object_id == str(membership.pk)
    assert granted.data["reader"] == "pembaca"
    assert (granted.data["reason"], granted.data["months"], granted.data["days"]) == ("Pemenang kuis HUT", 2, 0)
    assert granted.data["status_after"] == Membership.Status.ACTIVE
    assert granted.data["ends_after"] == membership.ends_at.isoformat()

    client.post(reverse("membership_admin_cancel", args=[membership.pk]), {"reason": "Permintaan pembaca"})
    [cancelled] = entries(services.MEMBERSHIP_CANCELLED)
    assert (cancelled.user, cancelled.data["reason"]) == (admin, "Permintaan pembaca")
    assert cancelled.data["status_after"] == Membership.Status.CANCELLED

    page = client.get(reverse("kabar_audit_trail")).content.decode()
    assert "Kabar+ granted to pembaca until " in page and "Pemenang kuis HUT" in page
    assert "Kabar+ of pembaca cancelled: Permintaan pembaca" in page
    [row] = csv_rows(client, services.MEMBERSHIP_GRANTED)
    assert row["Action type"] == "Grant Kabar+"
    assert row["User"] == get_user_display_name(admin)
    assert row["ID"] == str(membership.pk)
    assert row["Details"].startswith("Kabar+ granted to pembaca until ")
    assert row["Details"].endswith(": Pemenang kuis HUT")
    [row] = csv_rows(client, services.MEMBERSHIP_CANCELLED)
    assert (row["Action type"], row["Details"]) == ("Cancel Kabar+", "Kabar+ of pembaca cancelled: Permintaan pembaca")


def test_a_payment_and_its_refund_from_the_gateway_are_in_the_audit_trail(client, admin, reader, plans):
    order = sandbox_order(reader, plans["tahunan"])
    assert post_notification(client, "sandbox", sandbox_notification(order)).status_code == 200
    # The gateway says it again: one payment, one entry.
    post_notification(client, "sandbox", sandbox_notification(order))
    assert post_notification(client, "sandbox", sandbox_notification(order, "refund")).status_code == 200

    [paid] = entries(services.MEMBERSHIP_PAID)
    assert paid.user is None
    assert (paid.data["order"], paid.data["plan"], paid.data["kind"]) == (order.order_id, "tahunan", "payment")
    [refunded] = entries(services.MEMBERSHIP_REFUNDED)
    assert (refunded.data["order"], refunded.data["status_after"]) == (order.order_id, Membership.Status.REFUNDED)

    [row] = csv_rows(client, services.MEMBERSHIP_PAID)
    assert row["Action type"] == "Kabar+ paid"
    assert row["Details"].startswith(f"Kabar+ for pembaca paid (order {order.order_id}), until ")
    [row] = csv_rows(client, services.MEMBERSHIP_REFUNDED)
    assert row["Details"] == f"Kabar+ for pembaca ended: order {order.order_id} refunded or charged back"


def test_an_expiry_is_audited_and_the_grace_period_on_the_way_is_not(client, admin, reader):
    now = timezone.now()
    services.grant_membership(reader, reason="Mitra", actor=admin, days=1, now=now)

    services.expire_memberships(now + dt.timedelta(days=1, minutes=1))
    assert Membership.objects.get(user=reader).status == Membership.Status.GRACE
    assert entries(services.MEMBERSHIP_EXPIRED) == []

    services.expire_memberships(now + dt.timedelta(days=30))
    [expired] = entries(services.MEMBERSHIP_EXPIRED)
    assert expired.user is None
    assert (expired.data["status_before"], expired.data["status_after"]) == ("grace", "expired")
    [row] = csv_rows(client, services.MEMBERSHIP_EXPIRED)
    assert (row["Action type"], row["Details"]) == ("Kabar+ expired", "Kabar+ of pembaca expired")


def test_a_deleted_reader_is_no_longer_named_in_the_audit_trail_but_the_grant_stays(reader):
    staff = factories.staff("admin", "Admin")
    services.grant_membership(reader, months=1, actor=staff, reason="Pemenang kuis HUT")
    name = reader.get_username()
    services.forget_reader(reader, remove_comments=False)

    [granted] = entries(services.MEMBERSHIP_GRANTED)
    assert granted.user_id == staff.pk
    assert granted.data["reason"] == "Pemenang kuis HUT"
    assert granted.data["reader"] is None
    assert name not in granted.label
