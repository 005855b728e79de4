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
# What became of an edition: its delivery rows (kabar.newsletters.sending), the providers' events
# (kabar.newsletters.models.events) and the clicks counted by the redirect (kabar.newsletters.clicks).


def edition_stats(edition: Any) -> dict[str, int]:
    """Sent, delivered, bounced, complained, unsubscribed, clicks and opens of one edition.

    `delivered` and `opens` come only from a provider's tracking events (plain SMTP reports none);
    a complaint or bounce counts once per address however often the provider repeats it.
    """
    from django.db.models import Count, Sum

    from kabar.newsletters.models import Click, EditionDelivery, MailEvent

    rows = EditionDelivery.objects.filter(edition=edition).values("status").annotate(n=Count("pk")).order_by()
    by_status = {row["status"]: row["n"] for row in rows}
    status = EditionDelivery.Status
    events = MailEvent.objects.filter(delivery__edition=edition)

    def addresses(kind: str) -> int:
        found: int = events.filter(kind=kind).values("delivery_id").distinct().count()
        return found

    clicks = Click.objects.filter(edition=edition).aggregate(total=Sum("count"))["total"] or 0
    unsubscribed = Subscription.objects.filter(
        deliveries__edition=edition, status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at__gte=edition.started_at
    ).count() if edition.started_at else 0  # fmt: skip
    return {
        "recipients": sum(by_status.values()),
        "queued": by_status.get(status.QUEUED, 0) + by_status.get(status.SENDING, 0),
        "sent": sum(by_status.get(s, 0) for s in (status.SENT, status.DELIVERED, status.BOUNCED, status.COMPLAINED)),
        "failed": by_status.get(status.FAILED, 0),
        "skipped": by_status.get(status.SKIPPED, 0),
        "delivered": addresses(MailEvent.Kind.DELIVERED),
        "bounced": addresses(MailEvent.Kind.BOUNCED),
        "complained": addresses(MailEvent.Kind.COMPLAINED),
        "unsubscribed": unsubscribed,
        "clicks": int(clicks),
        "opens": addresses(MailEvent.Kind.OPENED),
    }


def top_links(edition: Any, limit: int = 10) -> list[Any]:
    from kabar.newsletters.models import Click

    return list(Click.objects.filter(edition=edition).order_by("-count", "url")[:limit])


def delivery_errors(edition: Any, limit: int = 10) -> list[dict[str, Any]]:
    from django.db.models import Count

    from kabar.newsletters.models import EditionDelivery

    rows = (
        EditionDelivery.objects.filter(edition=edition, status=EditionDelivery.Status.FAILED)
        .values("error")
        .annotate(count=Count("pk"))
        .order_by("-count")[:limit]
    )
    return list(rows)


# ---- events ----
