"""The demo's Kabar+: two plans and the member `anggota`.

`anggota` (anggota@example.com) buys the yearly plan through the sandbox gateway, by the same
path a reader takes: an order, the sandbox's signed notification, the webhook's checks.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from kabar.membership import gateways
from kabar.membership import services as membership_services
from kabar.membership.gateways.sandbox import SandboxGateway
from kabar.membership.models import Membership, Plan

if TYPE_CHECKING:
    from kabar.demo.services import SeedReport

MEMBER_USERNAME = "anggota"
MEMBER_EMAIL = "anggota@example.com"
DEMO_CHECKOUT_TOKEN = "demo-anggota-tahunan"  # noqa: S105 - a checkout page id, not a secret
PLANS = [
    # slug, name, period, price, description
    ("bulanan", "Kabar+ Bulanan", Plan.Period.MONTHLY, 49_000, "Tanpa iklan, bayar per bulan."),
    ("tahunan", "Kabar+ Tahunan", Plan.Period.YEARLY, 490_000, "Tanpa iklan setahun penuh: dua bulan gratis."),
]


def seed_membership(*, password: str | None, report: SeedReport, now: dt.datetime | None = None) -> AbstractUser:
    """Plans, and the member `anggota` with a yearly Kabar+ paid through the sandbox."""
    plans = {plan.slug: plan for plan in ensure_plans(report)}
    member = ensure_member(password=password, report=report)
    membership = Membership.objects.filter(user=member).first()
    if membership is None or not membership.is_entitled(now):
        buy_through_the_sandbox(member, plans["tahunan"])
    return member


def ensure_plans(report: SeedReport) -> list[Plan]:
    plans = []
    for order, (slug, name, period, price, description) in enumerate(PLANS):
        plan, created = Plan.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "period": period, "price": price, "description": description, "sort_order": order},
        )
        if created:
            report.created["plans"] += 1
        plans.append(plan)
    return plans


def ensure_member(*, password: str | None, report: SeedReport) -> AbstractUser:
    user_model = get_user_model()
    user = user_model.objects.filter(username=MEMBER_USERNAME).first()
    if user is not None:
        if password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            report.password_reset = True
        return user
    if password is None and report.generated_password is None:
        report.generated_password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(
        username=MEMBER_USERNAME,
        email=MEMBER_EMAIL,
        password=password or report.generated_password,
        first_name="Anggota",
        last_name="Kabar",
    )
    EmailAddress.objects.get_or_create(user=user, email=MEMBER_EMAIL, defaults={"verified": True, "primary": True})
    report.created["members"] += 1
    return user


def buy_through_the_sandbox(user: AbstractUser, plan: Plan) -> None:
    """Checkout, "Bayar" on the sandbox's page, and its notification through the webhook's own checks."""
    if not gateways.available("sandbox"):
        # A production site without the sandbox: the demo member is granted by hand, with a reason.
        membership_services.grant_membership(user, months=plan.months, plan=plan, reason="kabar demo", actor=None)
        return
    gateway = SandboxGateway()
    token = f"{DEMO_CHECKOUT_TOKEN}-{secrets.token_hex(4)}"
    order = membership_services.start_checkout(user, plan, token, gateway=gateway)
    payload = gateway.simulate(order.order_id, "pay")
    result = membership_services.apply_payment_notification(
        "sandbox", json.dumps(payload).encode(), {"Content-Type": "application/json"}, "127.0.0.1"
    )
    if result.outcome != "applied":
        raise RuntimeError(f"the demo payment was not applied: {result.outcome} {result.detail}")
