"""`kabar demo` seeds Kabar+ (plans, the member `anggota` paid through the sandbox) and house ads everywhere."""

from __future__ import annotations

import pytest

from kabar.ads.models import Creative, Placement
from kabar.demo.ads import seed_house_ads
from kabar.demo.membership import MEMBER_EMAIL, seed_membership
from kabar.demo.services import SeedReport
from kabar.membership.models import Membership, Order, PaymentNotification

pytestmark = pytest.mark.django_db


def test_demo_member_has_a_yearly_kabar_plus_paid_through_the_sandbox(settings):
    report = SeedReport()
    member = seed_membership(password="rahasia-demo-123", report=report)
    assert (member.username, member.email) == ("anggota", MEMBER_EMAIL)
    assert member.check_password("rahasia-demo-123")
    membership = Membership.objects.get(user=member)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.plan.slug == "tahunan"
    order = Order.objects.get(user=member)
    assert (order.gateway, order.status, order.amount) == ("sandbox", "paid", 490_000)
    # Through the webhook's own checks: the signed notification is on record as applied.
    assert PaymentNotification.objects.get(order=order).outcome == "applied"
    assert report.created["members"] == 1 and report.created["plans"] == 2


def test_demo_puts_house_ads_in_every_placement_and_runs_again_harmlessly():
    seed_house_ads(SeedReport())
    for placement in Placement.objects.all():
        assert placement.creatives.filter(kind=Creative.Kind.HOUSE, enabled=True).count() >= 2, placement.key
    ads = Creative.objects.count()
    seed_house_ads(SeedReport())
    assert Creative.objects.count() == ads


def test_demo_member_password_is_generated_and_reported_without_one():
    report = SeedReport()
    member = seed_membership(password=None, report=report)
    assert report.generated_password and member.check_password(report.generated_password)
