"""Kabar+: plans, each reader's membership, orders and the gateways' notifications about them.

    Plan ──< Order >── user ──1 Membership ──< MembershipChange (every change of entitlement)
              │
              └──< PaymentNotification (every notification as received, forged ones too)

Orders move only as the payment gateway's notifications say (services.apply_payment_notification);
memberships move with orders, with a manual grant, or with time (services.expire_memberships).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from kabar.core.timefmt import rupiah

CURRENCY = "IDR"


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` plus calendar months; 31 January plus one month is the last day of February."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def grace_period() -> dt.timedelta:
    return dt.timedelta(days=settings.KABAR_PLUS_GRACE_DAYS)


class Plan(models.Model):
    """What a reader can buy: Kabar+ for a month or a year, at a price in rupiah."""

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        YEARLY = "yearly", _("Yearly")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, help_text=_("Part of the checkout address."))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTHLY)
    price = models.PositiveIntegerField(
        _("price (Rp)"), validators=[MinValueValidator(1000)], help_text=_("In whole rupiah, such as 49000.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active plans can be bought."))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("period"),
        FieldPanel("price"),
        FieldPanel("description"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["sort_order", "price"]

    def __str__(self) -> str:
        return f"{self.name} ({rupiah(self.price)})"

    @property
    def months(self) -> int:
        return 12 if self.period == self.Period.YEARLY else 1

    @property
    def price_label(self) -> str:
        return rupiah(self.price)

    def period_end(self, start: dt.datetime) -> dt.datetime:
        return add_months(start, self.months)


class Membership(models.Model):
    """One reader's Kabar+: its state and the date it runs to."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        GRACE = "grace", _("Grace period")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    # The states in which a member sees no ads (until ends_at plus the grace period).
    ENTITLED = (Status.ACTIVE, Status.GRACE)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="kabar_membership"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("member since"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        permissions = [("grant_membership", _("Can grant Kabar+ by hand"))]
        indexes = [models.Index(fields=["status", "ends_at"], name="membership_status_ends")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def entitled_until(self) -> dt.datetime | None:
        if self.status not in self.ENTITLED or self.ends_at is None:
            return None
        return self.ends_at + grace_period()

    def is_entitled(self, now: dt.datetime | None = None) -> bool:
        until = self.entitled_until
        return until is not None and until > (now or timezone.now())


class Order(models.Model):
    """One attempt to pay for a plan, as Kabar created it at the gateway."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        CHARGEBACK = "chargeback", _("Charged back")

    order_id = models.CharField(_("order number"), max_length=50, unique=True)
    # Kept when the reader deletes the account: receipts are the publisher's books too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="kabar_orders",
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="orders")
    amount = models.PositiveIntegerField(_("amount (Rp)"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    gateway = models.CharField(_("payment gateway"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CREATED)
    # The random token of the checkout page the reader pressed "Bayar" on: a second press finds this order.
    checkout_token = models.CharField(max_length=64)
    gateway_reference = models.CharField(_("gateway reference"), max_length=200, blank=True)
    transaction_id = models.CharField(_("transaction ID"), max_length=200, blank=True)
    payment_url = models.URLField(_("payment page"), max_length=1000, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # What the payment bought: the stretch of membership it added.
    period_start = models.DateTimeField(_("from"), null=True, blank=True)
    period_end = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "checkout_token"], name="one_order_per_checkout_page"),
        ]
        indexes = [models.Index(fields=["status", "paid_at"], name="order_status_paid")]

    def __str__(self) -> str:
        return self.order_id

    @property
    def amount_label(self) -> str:
        return rupiah(self.amount)

    @property
    def receipt_number(self) -> str:
        """The Kuitansi's number: stable, one per paid order."""
        paid = timezone.localtime(self.paid_at or self.created_at)
        return f"KBR-{paid:%Y%m}-{self.pk:06d}"

    @property
    def has_receipt(self) -> bool:
        return self.paid_at is not None


class MembershipChange(models.Model):
    """The ledger: every change to a membership's state or end date, with who or what made it."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        GRANT = "grant", _("Granted by hand")
        REFUND = "refund", _("Refund")
        CHARGEBACK = "chargeback", _("Chargeback")
        CANCEL = "cancel", _("Cancelled")
        GRACE = "grace", _("Grace period began")
        EXPIRY = "expiry", _("Expired")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    status_before = models.CharField(max_length=10, blank=True)
    status_after = models.CharField(max_length=10, blank=True)
    ends_before = models.DateTimeField(null=True, blank=True)
    ends_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # However often a notification arrives, an order pays (or is refunded) once.
            models.UniqueConstraint(
                fields=["order", "kind"], condition=models.Q(order__isnull=False), name="one_change_per_order_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} @ {self.created_at:%Y-%m-%d %H:%M}"


class PaymentNotification(models.Model):
    """A notification as it arrived. Verified ones are kept in full for audit, whatever became of them;
    ones refused before they were verified (anyone can send one) are kept shortened, and only the newest
    KABAR_PAYMENT_REFUSALS_KEPT of them (services.prune_refused_notifications)."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Already applied")
        IGNORED = "ignored", _("Ignored (out of order)")
        REJECTED = "rejected", _("Rejected")
        RETRY = "retry", _("Not yet processed (gateway unreachable)")

    gateway = models.CharField(_("payment gateway"), max_length=20)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    remote_addr = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    body = models.TextField(_("body"), blank=True)
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    order_number = models.CharField(_("order number"), max_length=100, blank=True)
    transaction_id = models.CharField(_("transaction ID"), max_length=200, blank=True)
    reported_status = models.CharField(_("reported status"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RECEIVED)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    verified = models.BooleanField(_("signature verified"), default=False)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.order_number or '?'} {self.outcome}"


class SandboxTransaction(models.Model):
    """The built-in sandbox gateway's own books: what it "knows" about a payment, as Midtrans would.

    Kabar's order never reads this directly; the sandbox answers its status API from here.
    """

    order_id = models.CharField(max_length=50, unique=True)
    transaction_id = models.CharField(max_length=64)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=20, default="pending")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sandbox transaction")

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"
