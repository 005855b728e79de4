"""Reads for the newsletters: the lists offered, an address's subscriptions, and who receives a list."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kabar.core import hooks as kabar_hooks
from kabar.newsletters.models import NewsletterList, Subscription, Suppression, normalise_email

# ---- subscribers ----


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


def recipients(newsletter: NewsletterList) -> QuerySet[Subscription]:
    """Everyone a new edition of `newsletter` goes to: confirmed, not suppressed, and for a Kabar+ letter,
    a current member's account. Ordered by id, so a send can walk it in batches (id > last) and resume.
    """
    found = Subscription.objects.filter(newsletter=newsletter, status=Subscription.Status.ACTIVE).exclude(
        Exists(Suppression.objects.filter(email=OuterRef("email")))
    )
    if newsletter.kind == NewsletterList.Kind.MEMBERS:
        # Membership is another app's to say (kabar_current_members); with none installed, no one is a member
        # and a paying letter reaches no one rather than everyone.
        members = kabar_hooks.current_member_ids()
        if members is None:
            return found.none()
        found = found.filter(user_id__in=members)
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
