"""Kabar+'s writes: checkout, payment notifications, grants, expiry, and the kabar_plus cookie.

The rules in one place:

- A gateway's notification is the only thing that moves an order, and only after its signature
  (or token) checks out, its order, amount and currency match what Kabar created, and the
  gateway's status API confirms the status. A verified notification is kept as received; one
  refused before it was verified is kept shortened, a few a minute per address, the newest
  KABAR_PAYMENT_REFUSALS_KEPT in all.
- Orders move forward only (ORDER_TRANSITIONS): a late "pending" or "expire" never undoes "paid".
- An order pays once: the order row is locked while it changes, and the ledger's unique
  (order, kind) constraint refuses a second "payment" however the requests interleave.
- A payment extends the membership from its current end when it is still running (or in its
  grace period), else from now. A refund or chargeback ends the entitlement at once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from kabar.core import ratelimit
from kabar.delivery import variants
from kabar.membership import gateways
from kabar.membership.gateways import GatewayError, InvalidNotification, Notification
from kabar.membership.models import (
    CURRENCY,
    Membership,
    MembershipChange,
    Order,
    PaymentNotification,
    Plan,
    add_months,
    grace_period,
)

logger = logging.getLogger(__name__)

NOTIFICATION_MAX_BYTES = 64 * 1024
GRANT_MAX_MONTHS = 36
GRANT_MAX_DAYS = 1100
# Headers whose values are secrets: the log keeps only whether they were there.
SECRET_HEADERS = {"authorization", "cookie", "x-callback-token"}
# What is kept of a notification refused before it was verified (anyone can send one): the start of
# its body and these headers, so a forged flood adds about a kilobyte a row, not the 64 KB it sends.
REFUSED_BODY_KEPT = 1000
REFUSED_HEADERS = {"content-type", "content-length", "user-agent"}

# The audit trail (labels in wagtail_hooks.py), beside the membership's own ledger (MembershipChange):
# a payment or refund from a gateway, a grant or cancellation by staff, the end of a membership.
MEMBERSHIP_PAID = "kabar.membership_paid"
MEMBERSHIP_REFUNDED = "kabar.membership_refunded"
MEMBERSHIP_GRANTED = "kabar.membership_granted"
MEMBERSHIP_CANCELLED = "kabar.membership_cancelled"
MEMBERSHIP_EXPIRED = "kabar.membership_expired"

S = Order.Status
ORDER_TRANSITIONS: dict[str, set[str]] = {
    S.CREATED: {S.PENDING, S.PAID, S.FAILED, S.EXPIRED, S.CANCELLED},
    S.PENDING: {S.PAID, S.FAILED, S.EXPIRED, S.CANCELLED},
    # Money that arrives after Kabar saw a failure or expiry is still money: the order is paid.
    S.FAILED: {S.PAID},
    S.EXPIRED: {S.PAID},
    S.CANCELLED: {S.PAID},
    S.PAID: {S.REFUNDED, S.CHARGEBACK},
    S.REFUNDED: set(),
    S.CHARGEBACK: set(),
}


class CheckoutError(Exception):
    """Checkout could not start; the message is for the reader. Nothing was charged."""


# --- checkout ------------------------------------------------------------------------------------


def new_order_id() -> str:
    # Unguessable, as the sandbox's payment page is reached by it; within Midtrans's 50 characters.
    return f"KBR-{timezone.now():%y%m%d}-{secrets.token_hex(6).upper()}"


def absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def start_checkout(
    user: AbstractBaseUser, plan: Plan, checkout_token: str, *, gateway: gateways.Gateway | None = None
) -> Order:
    """The order for this checkout page, created at the gateway; the reader then goes to `payment_url`.

    The same `checkout_token` (a second press of "Bayar") returns the first order, never a second.
    Raises CheckoutError with a message for the reader when the plan or the gateway fails.
    """
    if not plan.active:
        raise CheckoutError(_("This plan is no longer offered."))
    try:
        gateway = gateway or gateways.checkout_gateway()
    except GatewayError as error:
        logger.error("checkout refused: %s", error)
        raise CheckoutError(_("Payments are not available at the moment. Please try again later.")) from error
    existing = Order.objects.filter(user=user, checkout_token=checkout_token).first()
    if existing is not None:
        logger.info("checkout %s pressed again by user %s: order %s", checkout_token, user.pk, existing.order_id)
        return existing
    try:
        with transaction.atomic():
            order = Order.objects.create(
                order_id=new_order_id(),
                user=user,
                plan=plan,
                amount=plan.price,
                currency=CURRENCY,
                gateway=gateway.name,
                checkout_token=checkout_token,
            )
            Membership.objects.get_or_create(user=user)
    except IntegrityError:
        # Two presses at the same moment: the other one made the order.
        return Order.objects.get(user=user, checkout_token=checkout_token)
    request = gateways.CheckoutRequest(
        order_id=order.order_id,
        amount=order.amount,
        currency=order.currency,
        item_id=plan.slug,
        description=f"{settings.SITE_NAME} {plan.name}",
        customer_name=(user.get_full_name() or user.get_username())[:50],
        customer_email=user.email,
        finish_url=absolute(reverse("membership:order", args=[order.order_id])),
        notification_url=absolute(reverse("membership:notification", args=[gateway.name])),
    )
    try:
        checkout = gateway.start(request)
    except GatewayError as error:
        Order.objects.filter(pk=order.pk, status=S.CREATED).update(status=S.FAILED, error=str(error)[:300])
        logger.error("checkout of order %s at %s failed: %s", order.order_id, gateway.name, error)
        raise CheckoutError(
            _(
                "The payment service cannot be reached right now. You have not been charged. "
                "Please try again in a few minutes."
            )
        ) from error
    Order.objects.filter(pk=order.pk, status=S.CREATED).update(
        status=S.PENDING, payment_url=checkout.redirect_url, gateway_reference=checkout.reference[:200]
    )
    order.refresh_from_db()
    logger.info("order %s for %s started at %s", order.order_id, plan.slug, gateway.name)
    return order


# --- notifications -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationResult:
    outcome: str
    http_status: int
    detail: str = ""


def _stored_headers(headers: Mapping[str, str]) -> dict[str, str]:
    kept = {}
    for name, value in headers.items():
        lowered = name.lower()
        kept[lowered] = "(present)" if lowered in SECRET_HEADERS else str(value)[:500]
    return kept


def apply_payment_notification(
    gateway_name: str, body: bytes, headers: Mapping[str, str], remote_addr: str | None = None
) -> NotificationResult:
    """Check one notification from a gateway and, if it holds, move its order and the membership.

    Returns the outcome and the HTTP status to answer with: 200 for applied, duplicate and ignored
    (the gateway must stop resending), 4xx for what is refused, 503 when the status API could not
    be asked (the gateway resends later).

    The signature is checked before anything is stored: a verified notification is kept in full
    for audit; a refused one only shortened (refuse_notification), and not at all once its client
    address has had KABAR_PAYMENT_REFUSALS_PER_MINUTE refusals in a minute.
    """
    if len(body) > NOTIFICATION_MAX_BYTES:
        return refuse_notification(gateway_name, body, headers, remote_addr, 413, "too large")
    try:
        gateway = gateways.get_gateway(gateway_name)
    except GatewayError as error:
        return refuse_notification(gateway_name, body, headers, remote_addr, 404, str(error))
    try:
        notification = gateway.verify(body, headers)
    except InvalidNotification as error:
        return refuse_notification(gateway_name, body, headers, remote_addr, error.status, error.reason)
    raw = PaymentNotification.objects.create(
        gateway=gateway_name[:20],
        remote_addr=remote_addr or None,
        headers=_stored_headers(headers),
        body=body.decode("utf-8", "replace"),
        verified=True,
    )

    def finish(outcome: str, status: int, detail: str = "", **fields: Any) -> NotificationResult:
        PaymentNotification.objects.filter(pk=raw.pk).update(outcome=outcome, detail=detail[:300], **fields)
        level = logging.WARNING if outcome in (PaymentNotification.Outcome.REJECTED,) else logging.INFO
        if outcome == PaymentNotification.Outcome.RETRY:
            level = logging.ERROR
        logger.log(level, "payment notification %s from %s: %s %s", raw.pk, gateway_name, outcome, detail)
        return NotificationResult(outcome, status, detail)

    Outcome = PaymentNotification.Outcome
    seen = {
        "order_number": notification.order_id[:100],
        "transaction_id": notification.transaction_id[:200],
        "reported_status": notification.gateway_status[:40],
    }
    order = Order.objects.filter(order_id=notification.order_id, gateway=gateway.name).first()
    if order is None:
        return finish(Outcome.REJECTED, 404, "unknown order", **seen)
    seen["order"] = order
    mismatch = _mismatch(order, notification)
    if mismatch:
        return finish(Outcome.REJECTED, 400, mismatch, **seen)
    try:
        confirmed = gateway.confirm(notification)
    except GatewayError as error:
        return finish(Outcome.RETRY, 503, str(error), **seen)
    except InvalidNotification as error:
        return finish(Outcome.REJECTED, error.status, f"status API: {error.reason}", **seen)
    mismatch = _mismatch(order, confirmed)
    if mismatch:
        return finish(Outcome.REJECTED, 400, f"status API: {mismatch}", **seen)
    outcome, detail = record_payment_status(order.pk, confirmed)
    if confirmed.status != notification.status:
        detail = f"{detail} (notification said {notification.status}, the gateway says {confirmed.status})"
    return finish(outcome, 200, detail, **seen)


def refuse_notification(
    gateway_name: str, body: bytes, headers: Mapping[str, str], remote_addr: str | None, status: int, reason: str
) -> NotificationResult:
    """Log a notification refused before it was verified, shortened; past the address's limit, answer 429 only."""
    rejected = PaymentNotification.Outcome.REJECTED
    if remote_addr and not ratelimit.allow(
        f"payment-refused:ip:{remote_addr}", settings.KABAR_PAYMENT_REFUSALS_PER_MINUTE
    ):
        logger.warning("payment notification from %s to %r refused and not kept: %s", remote_addr, gateway_name, reason)
        return NotificationResult(rejected, 429, "too many refused notifications from this address")
    kept_headers = {name.lower(): str(value)[:200] for name, value in headers.items()}
    kept_headers = {name: value for name, value in kept_headers.items() if name in REFUSED_HEADERS}
    raw = PaymentNotification.objects.create(
        gateway=gateway_name[:20],
        remote_addr=remote_addr or None,
        headers=kept_headers,
        body=body[:REFUSED_BODY_KEPT].decode("utf-8", "replace"),
        outcome=rejected,
        detail=reason[:300],
        verified=False,
    )
    logger.warning("payment notification %s from %s: %s %s", raw.pk, gateway_name, rejected, reason)
    return NotificationResult(rejected, status, reason)


def prune_refused_notifications() -> int:
    """Keep only the newest KABAR_PAYMENT_REFUSALS_KEPT refused, unverified notifications; returns how many went.

    A periodic job (wagtail_hooks.py): between two runs the rate limit per address bounds the growth.
    """
    refused = PaymentNotification.objects.filter(verified=False)
    keep = settings.KABAR_PAYMENT_REFUSALS_KEPT
    oldest_kept = refused.order_by("-pk").values_list("pk", flat=True)[keep : keep + 1].first()
    if oldest_kept is None:
        return 0
    deleted, _by_model = refused.filter(pk__lte=oldest_kept).delete()
    logger.info("pruned %d refused payment notifications", deleted)
    return deleted


def _mismatch(order: Order, notification: Notification) -> str:
    if notification.order_id != order.order_id:
        return "order mismatch"
    if notification.currency != order.currency:
        return f"currency {notification.currency} is not {order.currency}"
    if notification.amount != order.amount:
        return f"amount {notification.amount} is not {order.amount}"
    return ""


def record_payment_status(order_pk: int, confirmed: Notification, now: dt.datetime | None = None) -> tuple[str, str]:
    """Move the order to the confirmed status if the state machine allows; (outcome, detail)."""
    Outcome = PaymentNotification.Outcome
    now = now or timezone.now()
    new_status = Order.Status(confirmed.status.value)
    with transaction.atomic():
        order = Order.objects.select_for_update().select_related("plan").get(pk=order_pk)
        if order.status == new_status:
            return Outcome.DUPLICATE, f"already {new_status}"
        if new_status not in ORDER_TRANSITIONS[order.status]:
            return Outcome.IGNORED, f"{order.status} does not go back to {new_status}"
        membership = None
        if order.user_id is not None:
            membership, _created = Membership.objects.select_for_update().get_or_create(user_id=order.user_id)
        kind = {
            S.PAID: MembershipChange.Kind.PAYMENT,
            S.REFUNDED: MembershipChange.Kind.REFUND,
            S.CHARGEBACK: MembershipChange.Kind.CHARGEBACK,
        }.get(new_status)
        if kind is not None and membership is not None:
            change = MembershipChange(
                membership=membership,
                kind=kind,
                order=order,
                status_before=membership.status,
                ends_before=membership.ends_at,
                created_at=now,
            )
            try:
                with transaction.atomic():
                    change.save()
            except IntegrityError:
                return Outcome.DUPLICATE, f"{kind} already recorded"
            if new_status == S.PAID:
                start, end = extension(membership, order.plan.months, now)
                order.period_start, order.period_end = start, end
                membership.status = Membership.Status.ACTIVE
                membership.plan = order.plan
                membership.started_at = membership.started_at or now
                membership.ends_at = end
            else:
                membership.status = Membership.Status.REFUNDED
                membership.ends_at = min(membership.ends_at or now, now)
            membership.save()
            change.status_after, change.ends_after = membership.status, membership.ends_at
            change.save(update_fields=["status_after", "ends_after"])
            _audit(
                membership,
                MEMBERSHIP_PAID if new_status == S.PAID else MEMBERSHIP_REFUNDED,
                None,
                change,
                order=order.order_id,
                plan=order.plan.slug,
                kind=str(kind),
            )
        order.status = new_status
        order.transaction_id = confirmed.transaction_id[:200] or order.transaction_id
        if new_status == S.PAID:
            order.paid_at = now
        order.save()
    logger.info("order %s is now %s", order.order_id, new_status)
    return Outcome.APPLIED, f"order is now {new_status}"


def _audit(
    membership: Membership, action: str, actor: AbstractBaseUser | None, change: MembershipChange, **details: Any
) -> None:
    """One audit entry, in the transaction of the change it records, so both are kept or neither."""

    def moment(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    log(
        instance=membership,
        action=action,
        user=actor if actor is not None and actor.is_authenticated else None,
        data={
            "reader": membership.user.get_username() if membership.user_id else None,
            "status_before": change.status_before,
            "status_after": change.status_after,
            "ends_before": moment(change.ends_before),
            "ends_after": moment(change.ends_after),
            **details,
        },
    )


def extension(membership: Membership, months: int, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(start, end) of `months` more: from the current end while it runs or is in grace, else from now."""
    start = membership.ends_at if membership.is_entitled(now) and membership.ends_at else now
    return start, add_months(start, months)


# --- the sandbox's simulated payment page ----------------------------------------------------------


def simulate_sandbox_payment(order: Order, outcome: str) -> None:
    """The sandbox page's "Bayar" / "Gagal": its books move, and it notifies Kabar's webhook as Midtrans would."""
    from kabar.membership.gateways.sandbox import SandboxGateway
    from kabar.membership.tasks import deliver_sandbox_notification

    payload = SandboxGateway().simulate(order.order_id, outcome)
    url = absolute(reverse("membership:notification", args=["sandbox"]))
    logger.info("sandbox: order %s %s; notifying %s", order.order_id, outcome, url)
    deliver_sandbox_notification.enqueue(url, json.dumps(payload))


# --- by hand and by time ---------------------------------------------------------------------------


def grant_membership(
    user: AbstractBaseUser,
    *,
    reason: str,
    actor: AbstractBaseUser | None,
    months: int = 0,
    days: int = 0,
    plan: Plan | None = None,
    now: dt.datetime | None = None,
) -> Membership:
    """Kabar+ by hand (a prize, a complaint settled, a partner): extends like a payment, logged with its reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("A grant needs a reason."))
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise ValueError(_("Give a number of months or days to grant."))
    if months > GRANT_MAX_MONTHS or days > GRANT_MAX_DAYS:
        raise ValueError(_("That is longer than a grant may be."))
    now = now or timezone.now()
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(user=user)
        _start, end = extension(membership, months, now)
        end += dt.timedelta(days=days)
        change = MembershipChange(
            membership=membership,
            kind=MembershipChange.Kind.GRANT,
            actor=actor,
            reason=reason,
            status_before=membership.status,
            ends_before=membership.ends_at,
            created_at=now,
        )
        membership.status = Membership.Status.ACTIVE
        membership.started_at = membership.started_at or now
        membership.ends_at = end
        if plan is not None:
            membership.plan = plan
        membership.save()
        change.status_after, change.ends_after = membership.status, membership.ends_at
        change.save()
        _audit(membership, MEMBERSHIP_GRANTED, actor, change, reason=reason, months=months, days=days)
    logger.info(
        "Kabar+ granted to user %s by %s until %s: %s", user.pk, getattr(actor, "pk", None), end.isoformat(), reason
    )
    return membership


def cancel_membership(
    membership: Membership, *, reason: str, actor: AbstractBaseUser | None, now: dt.datetime | None = None
) -> Membership:
    """End a membership now (staff, e.g. at the reader's request), logged with its reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("A cancellation needs a reason."))
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        change = MembershipChange(
            membership=membership,
            kind=MembershipChange.Kind.CANCEL,
            actor=actor,
            reason=reason,
            status_before=membership.status,
            ends_before=membership.ends_at,
            created_at=now,
        )
        membership.status = Membership.Status.CANCELLED
        membership.ends_at = min(membership.ends_at or now, now)
        membership.save()
        change.status_after, change.ends_after = membership.status, membership.ends_at
        change.save()
        _audit(membership, MEMBERSHIP_CANCELLED, actor, change, reason=reason)
    logger.info("Kabar+ of user %s cancelled by %s: %s", membership.user_id, getattr(actor, "pk", None), reason)
    return membership


def expire_memberships(now: dt.datetime | None = None) -> int:
    """Active past its end goes to grace; grace past its end goes to expired. The worker's clock runs this."""
    now = now or timezone.now()
    grace = grace_period()
    moved = 0
    candidates = list(
        Membership.objects.filter(status=Membership.Status.ACTIVE, ends_at__lte=now).values_list("pk", flat=True)
    ) + list(
        Membership.objects.filter(status=Membership.Status.GRACE, ends_at__lte=now - grace).values_list("pk", flat=True)
    )
    for pk in candidates:
        with transaction.atomic():
            membership = Membership.objects.select_for_update().get(pk=pk)
            if membership.ends_at is None or membership.status not in Membership.ENTITLED:
                continue
            if membership.ends_at + grace <= now:
                new_status, kind = Membership.Status.EXPIRED, MembershipChange.Kind.EXPIRY
            elif membership.ends_at <= now and membership.status == Membership.Status.ACTIVE:
                new_status, kind = Membership.Status.GRACE, MembershipChange.Kind.GRACE
            else:
                continue
            change = MembershipChange.objects.create(
                membership=membership,
                kind=kind,
                status_before=membership.status,
                status_after=new_status,
                ends_before=membership.ends_at,
                ends_after=membership.ends_at,
                created_at=now,
            )
            membership.status = new_status
            membership.save(update_fields=["status", "updated_at"])
            if new_status == Membership.Status.EXPIRED:
                # Grace is a step on the way, in the ledger only; the end of the entitlement is audited.
                _audit(membership, MEMBERSHIP_EXPIRED, None, change)
            moved += 1
    if moved:
        logger.info("%d membership(s) moved to grace or expired", moved)
    return moved


# --- the kabar_plus cookie -------------------------------------------------------------------------


def entitled_until(user: AbstractBaseUser | None, now: dt.datetime | None = None) -> dt.datetime | None:
    if user is None or not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user_id=user.pk).first()
    if membership is None or not membership.is_entitled(now):
        return None
    return membership.entitled_until


def sync_member_cookie(request: HttpRequest, response: HttpResponse, now: dt.datetime | None = None) -> None:
    """Set, refresh or clear kabar_plus on this (private, uncached) response as the membership says."""
    if response.status_code >= 500:
        return
    now = now or timezone.now()
    current = request.COOKIES.get(variants.COOKIE_NAME)
    until = entitled_until(getattr(request, "user", None), now)
    if until is None:
        if current:
            response.delete_cookie(variants.COOKIE_NAME, samesite="Lax")
            patch_cache_control(response, private=True)
        return
    cookie = variants.read_member_cookie(current)
    if (
        cookie is not None
        and cookie.user_id == request.user.pk
        and int(cookie.until.timestamp()) == int(until.timestamp())
    ):
        signed_at = _signed_at(current)
        if signed_at is not None and now - signed_at < dt.timedelta(days=1):
            return
    max_age = int(min((until - now).total_seconds(), variants.cookie_max_age()))
    response.set_cookie(
        variants.COOKIE_NAME,
        variants.sign_member_cookie(request.user.pk, until),
        max_age=max(max_age, 1),
        httponly=True,
        samesite="Lax",
        secure=settings.HTTPS,
    )
    patch_cache_control(response, private=True)


def _signed_at(value: str | None) -> dt.datetime | None:
    from django.core import signing

    try:
        timestamp = value.rsplit(":", 1)[0].rsplit(":", 1)[1] if value else ""
        return dt.datetime.fromtimestamp(signing.b62_decode(timestamp), tz=dt.UTC)
    except (IndexError, ValueError, OverflowError, OSError):
        return None


# --- the reader's data (KABAR_READER_DATA_EXPORTERS / _DELETION_HANDLERS) -------------------------


def export_reader_data(user: AbstractBaseUser) -> dict[str, Any]:
    membership = Membership.objects.filter(user_id=user.pk).select_related("plan").first()
    orders = Order.objects.filter(user_id=user.pk).select_related("plan").order_by("created_at")
    return {
        "kabar_plus": {
            "membership": None
            if membership is None
            else {
                "status": membership.status,
                "plan": membership.plan.name if membership.plan else None,
                "started_at": membership.started_at,
                "ends_at": membership.ends_at,
            },
            "orders": [
                {
                    "order_id": order.order_id,
                    "plan": order.plan.name,
                    "amount": order.amount,
                    "currency": order.currency,
                    "status": order.status,
                    "created_at": order.created_at,
                    "paid_at": order.paid_at,
                    "receipt": order.receipt_number if order.has_receipt else None,
                }
                for order in orders
            ],
        }
    }


def forget_reader(user: AbstractBaseUser, remove_comments: bool) -> None:
    """Orders stay in the publisher's books without the reader; the membership goes with the account."""
    kept = Order.objects.filter(user_id=user.pk).update(user=None)
    memberships = [str(pk) for pk in Membership.objects.filter(user_id=user.pk).values_list("pk", flat=True)]
    # The audit trail keeps what staff and gateways did, but no longer whom it was done for.
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership), object_id__in=memberships
    )
    for entry in entries:
        entry.label = _("a deleted reader")
        entry.data = {**(entry.data or {}), "reader": None}
        entry.save(update_fields=["label", "data"])
    Membership.objects.filter(user_id=user.pk).delete()
    logger.info("Kabar+ data of user %s forgotten (%d orders kept without the reader)", user.pk, kept)
