"""Kabar+'s reads: plans on offer, a reader's membership and payments, members and revenue for staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kabar.core.timefmt import site_zone
from kabar.membership.models import Membership, MembershipChange, Order, Plan, grace_period

PLANS_CACHE_KEY = "membership:active-plans:v1"
PLANS_CACHE_SECONDS = 300


def active_plans() -> list[Plan]:
    """Plans on offer, cheapest first by sort order; cached, as every article page's invitation shows one."""
    plans = cache.get(PLANS_CACHE_KEY)
    if plans is None:
        plans = list(Plan.objects.filter(active=True).order_by("sort_order", "price"))
        cache.set(PLANS_CACHE_KEY, plans, PLANS_CACHE_SECONDS)
    return plans


def current_member_ids(now: dt.datetime | None = None) -> QuerySet[Membership, int]:
    """The ids of readers entitled to Kabar+ now (grace period included), as a subquery."""
    moment = now or timezone.now()
    return Membership.objects.filter(status__in=Membership.ENTITLED, ends_at__gt=moment - grace_period()).values_list(
        "user_id", flat=True
    )


def forget_cached_plans() -> None:
    cache.delete(PLANS_CACHE_KEY)


def plan_to_invite_with() -> Plan | None:
    """The plan the invitation names: the cheapest monthly one, else the cheapest per month."""
    plans = active_plans()
    monthly = [plan for plan in plans if plan.period == Plan.Period.MONTHLY]
    return min(monthly or plans, key=lambda plan: plan.price / plan.months, default=None)


def membership_of(user: AbstractBaseUser) -> Membership | None:
    return Membership.objects.filter(user_id=user.pk).select_related("plan").first()


def orders_of(user: AbstractBaseUser) -> QuerySet[Order]:
    return Order.objects.filter(user_id=user.pk).select_related("plan").order_by("-created_at")


def order_of(user: AbstractBaseUser, order_id: str) -> Order | None:
    """The reader's own order by its number; None for anyone else's."""
    return Order.objects.filter(user_id=user.pk, order_id=order_id).select_related("plan").first()


# --- staff -----------------------------------------------------------------------------------------


def members(status: str = "") -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("user", "plan").order_by("-updated_at")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def member_counts() -> dict[str, int]:
    counts = {row["status"]: row["n"] for row in Membership.objects.values("status").annotate(n=Count("pk")).order_by()}
    return {status: counts.get(status, 0) for status, _label in Membership.Status.choices}


def ledger_of(membership: Membership) -> QuerySet[MembershipChange]:
    return membership.changes.select_related("order", "actor")


@dataclass(frozen=True)
class MonthRevenue:
    month: dt.date
    paid: int
    payments: int
    refunded: int

    @property
    def net(self) -> int:
        return self.paid - self.refunded


def revenue_by_month(months: int = 12, now: dt.datetime | None = None) -> list[MonthRevenue]:
    """Money in per month (orders paid that month) and money back (refunds and chargebacks made that month)."""
    local_now = timezone.localtime(now or timezone.now(), site_zone())
    first = local_now.date().replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    starts.reverse()
    since = dt.datetime.combine(starts[0], dt.time.min, tzinfo=site_zone())
    paid = {
        row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]: row
        for row in Order.objects.filter(paid_at__gte=since)
        .annotate(month=TruncMonth("paid_at", tzinfo=site_zone()))
        .values("month")
        .annotate(total=Sum("amount"), count=Count("pk"))
    }
    refunded = {
        row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]: row["total"]
        for row in MembershipChange.objects.filter(
            created_at__gte=since,
            kind__in=[MembershipChange.Kind.REFUND, MembershipChange.Kind.CHARGEBACK],
            order__isnull=False,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=site_zone()))
        .values("month")
        .annotate(total=Sum("order__amount"))
    }
    return [
        MonthRevenue(
            month=start,
            paid=int(paid.get(start, {}).get("total") or 0),
            payments=int(paid.get(start, {}).get("count") or 0),
            refunded=int(refunded.get(start) or 0),
        )
        for start in starts
    ]
