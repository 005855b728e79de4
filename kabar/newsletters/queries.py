"""Reads for the newsletters: the lists offered, an address's subscriptions, and who receives a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from wagtail import hooks

from kabar.newsletters.models import NewsletterList, Subscription, Suppression, normalise_email

# ---- subscribers ----

# Who is a Kabar+ member right now is the membership app's to say, and no feature app may import another.
# Until kabar/core/hooks.py declares it, membership registers nothing here and members-only lists reach
# no one: failing closed mails a paying letter to nobody rather than to everybody.
# The hook's functions are called as f(now) and return a query of user ids (a values_list) usable as a subquery.
CURRENT_MEMBERS = "kabar_current_members"


def offered_lists(*, members: bool = False) -> QuerySet[NewsletterList]:
    """The active lists a reader may choose, in the newsroom's order; Kabar+ letters only for members."""
    lists = NewsletterList.objects.filter(is_active=True).select_related("section")
    if not members:
        lists = lists.exclude(kind=NewsletterList.Kind.MEMBERS)
    return lists.order_by("position", "name")


def subscriptions_of(email: str) -> dict[int, Subscription]:
    """The address's subscriptions by list id, whatever their status."""
    found = Subscription.objects.filter(email=normalise_email(email)).select_related("newsletter")
    return {subscription.newsletter_id: subscription for subscription in found}


def active_list_ids(email: str) -> set[int]:
    return set(
        Subscription.objects.filter(email=normalise_email(email), status=Subscription.Status.ACTIVE).values_list(
            "newsletter_id", flat=True
        )
    )


def is_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email=normalise_email(email)).exists()


def suppression_of(email: str) -> Suppression | None:
    return Suppression.objects.filter(email=normalise_email(email)).first()


def _member_user_ids(now: dt.datetime) -> Q | None:
    """A condition on Subscription.user_id for current members, or None when no app can say who they are."""
    condition: Q | None = None
    for function in hooks.get_hooks(CURRENT_MEMBERS):
        ids: Iterable[Any] = function(now)
        part = Q(user_id__in=ids)
        condition = part if condition is None else condition | part
    return condition


def recipients(newsletter: NewsletterList, *, now: dt.datetime | None = None) -> QuerySet[Subscription]:
    """Everyone a new edition of `newsletter` goes to: confirmed, not suppressed, and for a Kabar+ letter,
    a current member's account. Ordered by id, so a send can walk it in batches (id > last) and resume.
    """
    now = now or timezone.now()
    found = Subscription.objects.filter(newsletter=newsletter, status=Subscription.Status.ACTIVE).exclude(
        Exists(Suppression.objects.filter(email=OuterRef("email")))
    )
    if newsletter.kind == NewsletterList.Kind.MEMBERS:
        members = _member_user_ids(now)
        if members is None:
            return found.none()
        found = found.filter(members)
    return found.order_by("id")


def reader_subscriptions(user: Any) -> QuerySet[Subscription]:
    """Every subscription linked to the account or sent to one of its addresses (for the data download)."""
    from allauth.account.models import EmailAddress

    addresses = [normalise_email(e) for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)]
    if getattr(user, "email", ""):
        addresses.append(normalise_email(user.email))
    return (
        Subscription.objects.filter(Q(user=user) | Q(email__in=addresses))
        .select_related("newsletter")
        .order_by("newsletter__position", "newsletter__name", "email")
    )


# ---- editions ----

# ---- events ----
