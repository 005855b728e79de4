"""Writes for the newsletters.

Subscribers: a sign-up (`subscribe`) is confirmed by the address's owner (double opt-in) unless a
logged-in reader signs up their own verified address; `confirm`, `unsubscribe` (honoured at once),
`set_preferences` (the signed preferences page), `expire_unconfirmed` (the worker's clock), and the
reader's data (`export_reader_data`, `forget_reader`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db import models as db_models
from django.db import utils as db_utils
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kabar.core import ratelimit
from kabar.core.mail import send_later
from kabar.newsletters import queries, tokens
from kabar.newsletters.blocks import AutomaticArticlesBlock
from kabar.newsletters.models import (
    Edition,
    EditionDelivery,
    MailEvent,
    NewsletterList,
    Subscription,
    Suppression,
    normalise_email,
)

logger = logging.getLogger(__name__)

# ---- subscribers ----


def signups_per_client() -> int:
    return int(getattr(settings, "KABAR_NEWSLETTER_SIGNUPS_PER_CLIENT", 10))


def confirmations_per_address() -> int:
    return int(getattr(settings, "KABAR_NEWSLETTER_CONFIRMATIONS_PER_ADDRESS", 3))


def rate_window() -> int:
    """Seconds over which both limits count (an hour)."""
    return int(getattr(settings, "KABAR_NEWSLETTER_RATE_WINDOW_SECONDS", 3600))


class SubscribeError(Exception):
    """A sign-up refused; the message is for the reader."""


@dataclass
class SubscribeResult:
    """`active`: subscribed now; `pending`: waiting for the confirmation mail (if one could be sent)."""

    email: str
    active: list[Subscription] = field(default_factory=list)
    pending: list[Subscription] = field(default_factory=list)


def clean_email(email: str) -> str:
    """The address normalised, or SubscribeError with a message when it is not an address."""
    normalised = normalise_email(email)
    try:
        validate_email(normalised)
    except ValidationError as error:
        raise SubscribeError(_("Enter a valid e-mail address, such as nama@contoh.id.")) from error
    return normalised


def owns_verified_address(user: Any, email: str) -> bool:
    """True when `user` is a logged-in account that has verified `email` (django-allauth)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    from allauth.account.models import EmailAddress

    return bool(EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists())


def _address_key(email: str) -> str:
    # The counter's name is a digest: the rate-limit cache need not hold readers' addresses.
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def subscribe(
    email: str,
    lists: Iterable[NewsletterList],
    *,
    user: Any,
    source: str,
    consent_text: str,
    request_ip: str | None,
    now: dt.datetime | None = None,
) -> SubscribeResult:
    """Subscribe `email` to `lists` with the consent the reader gave (`consent_text`, as shown, from `source`).

    A logged-in reader's own verified address is subscribed at once. Any other address gets one mail
    listing the lists, whose signed link (valid KABAR_NEWSLETTER_CONFIRM_HOURS) confirms them all.
    Lists already active stay as they are. A suppressed address (bounced, complained, or stopped by
    staff) is never mailed and not resubscribed: only the reader lifting it on their account page does.
    Rate limits: sign-ups per client address, confirmation mails per address.
    """
    now = now or timezone.now()
    email = clean_email(email)
    wanted = [newsletter for newsletter in lists if newsletter.is_active]
    if not wanted:
        raise SubscribeError(_("Choose at least one newsletter."))
    if request_ip and not ratelimit.allow(
        f"newsletters:signup:client:{request_ip}", signups_per_client(), window=rate_window()
    ):
        raise SubscribeError(_("Too many sign-ups from your connection. Please try again in an hour."))
    result = SubscribeResult(email=email)
    if queries.is_suppressed(email):
        # Answered like any other sign-up, so the form tells no one that an address bounced or complained.
        logger.info("newsletters: sign-up of a suppressed address refused")
        return result
    at_once = owns_verified_address(user, email)
    linked_user = user if at_once else None
    with transaction.atomic():
        existing = {
            s.newsletter_id: s
            for s in Subscription.objects.select_for_update().filter(email=email, newsletter__in=wanted)
        }
        for newsletter in wanted:
            subscription = existing.get(newsletter.pk)
            if subscription is not None and subscription.status == Subscription.Status.ACTIVE:
                if linked_user is not None and subscription.user_id is None:
                    subscription.user = linked_user
                    subscription.save(update_fields=["user"])
                continue
            if subscription is None:
                subscription = Subscription(newsletter=newsletter, email=email)
            subscription.consent_at = now
            subscription.consent_source = source
            subscription.consent_text = consent_text
            subscription.consent_ip = request_ip
            if linked_user is not None:
                subscription.user = linked_user
            if at_once:
                subscription.status = Subscription.Status.ACTIVE
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                result.active.append(subscription)
            else:
                subscription.status = Subscription.Status.PENDING
                result.pending.append(subscription)
            subscription.save()
    if result.pending:
        if ratelimit.allow(
            f"newsletters:confirm:address:{_address_key(email)}", confirmations_per_address(), window=rate_window()
        ):
            send_confirmation(email, result.pending)
        else:
            # The owner already has recent confirmation mails; more would turn the form into a mail bomb.
            raise SubscribeError(
                _("We have already sent several confirmation e-mails to this address. Please check your inbox.")
            )
    return result


def send_confirmation(email: str, pending: list[Subscription]) -> None:
    """One mail listing the lists, with the signed link that confirms them all; sent by the worker."""
    from kabar.core.brand import brand_for_request

    context = {
        "site_name": brand_for_request(None).name,
        "lists": [subscription.newsletter for subscription in pending],
        "confirm_url": tokens.confirm_url(email, [subscription.pk for subscription in pending]),
        "preferences_url": tokens.preferences_url(email),
        "hours": tokens.confirm_hours(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("newsletters/mail/confirm_subject.txt", context).strip()
        text = render_to_string("newsletters/mail/confirm.txt", context)
        html = render_to_string("newsletters/mail/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [email])
    message.attach_alternative(html, "text/html")
    # A queued task row, in the sign-up's own transaction: the worker sees it only once the rows it confirms exist.
    send_later(message)


def confirm(token: str, *, now: dt.datetime | None = None) -> list[Subscription] | None:
    """Activate what a confirmation link names; None when the link is forged or expired.

    Only subscriptions still waiting are activated: one the reader left after signing up stays left.
    """
    request = tokens.read_confirm_token(token)
    if request is None:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        found = list(
            Subscription.objects.select_for_update()
            .select_related("newsletter")
            .filter(pk__in=request.subscription_ids, email=request.email)
        )
        if not found:
            return None
        for subscription in found:
            if subscription.status == Subscription.Status.PENDING:
                subscription.status = Subscription.Status.ACTIVE
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return found


def unsubscribe(subscription: Subscription, *, source: str, now: dt.datetime | None = None) -> bool:
    """Take the address off the list at once; False when it was not on it."""
    now = now or timezone.now()
    changed = Subscription.objects.filter(pk=subscription.pk).exclude(status=Subscription.Status.UNSUBSCRIBED)
    updated = changed.update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now, unsubscribe_source=source)
    subscription.refresh_from_db()
    return updated > 0


def set_preferences(
    email: str,
    chosen: Iterable[NewsletterList],
    *,
    source: str,
    consent_text: str,
    user: Any = None,
    request_ip: str | None = None,
    now: dt.datetime | None = None,
) -> SubscribeResult:
    """Make `chosen` the address's active lists and leave every other at once.

    Only for a caller who proved the address: a signed preferences link, or the reader's own verified
    address on their account page; so chosen lists are active without another confirmation. A
    suppressed address keeps its suppression and gets nothing new.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    chosen_ids = {newsletter.pk for newsletter in chosen if newsletter.is_active}
    result = SubscribeResult(email=email)
    suppressed = queries.is_suppressed(email)
    with transaction.atomic():
        existing = {s.newsletter_id: s for s in Subscription.objects.select_for_update().filter(email=email)}
        for newsletter_id, subscription in existing.items():
            if newsletter_id not in chosen_ids and subscription.status != Subscription.Status.UNSUBSCRIBED:
                subscription.status = Subscription.Status.UNSUBSCRIBED
                subscription.unsubscribed_at = now
                subscription.unsubscribe_source = source
                subscription.save(update_fields=["status", "unsubscribed_at", "unsubscribe_source"])
        if suppressed:
            return result
        for newsletter in NewsletterList.objects.filter(pk__in=chosen_ids):
            subscription = existing.get(newsletter.pk) or Subscription(newsletter=newsletter, email=email)
            if subscription.status == Subscription.Status.ACTIVE and subscription.pk:
                continue
            subscription.status = Subscription.Status.ACTIVE
            subscription.consent_at = now
            subscription.consent_source = source
            subscription.consent_text = consent_text
            subscription.consent_ip = request_ip
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            if user is not None and getattr(user, "is_authenticated", False):
                subscription.user = user
            subscription.save()
            result.active.append(subscription)
    return result


def unsubscribe_all(email: str, *, source: str, now: dt.datetime | None = None) -> int:
    """Leave every list at once; the number of subscriptions ended."""
    now = now or timezone.now()
    return (
        Subscription.objects.filter(email=normalise_email(email))
        .exclude(status=Subscription.Status.UNSUBSCRIBED)
        .update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now, unsubscribe_source=source)
    )


def resume_mail(user: Any, email: str) -> bool:
    """Lift the suppression of the reader's own verified address, at their explicit request; False if not theirs."""
    if not owns_verified_address(user, email):
        return False
    Suppression.objects.filter(email=normalise_email(email)).delete()
    return True


def expire_unconfirmed(now: dt.datetime | None = None) -> int:
    """Sign-ups never confirmed within KABAR_NEWSLETTER_CONFIRM_HOURS are forgotten (the worker's clock).

    A row that was confirmed once (then left and asked again) keeps its history and goes back to left.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=tokens.confirm_hours())
    waiting = Subscription.objects.filter(status=Subscription.Status.PENDING, consent_at__lt=cutoff)
    deleted, _per_model = waiting.filter(confirmed_at__isnull=True).delete()
    waiting.update(status=Subscription.Status.UNSUBSCRIBED)
    return deleted


def export_reader_data(user: Any) -> dict[str, Any]:
    """The reader's newsletter subscriptions with the consent each was given under (kabar_export_reader_data)."""
    return {
        "newsletter_subscriptions": [
            {
                "newsletter": subscription.newsletter.name,
                "email": subscription.email,
                "status": subscription.status,
                "consent_at": subscription.consent_at,
                "consent_source": subscription.consent_source,
                "consent_text": subscription.consent_text,
                "consent_ip": subscription.consent_ip,
                "confirmed_at": subscription.confirmed_at,
                "unsubscribed_at": subscription.unsubscribed_at,
                "created_at": subscription.created_at,
            }
            for subscription in queries.reader_subscriptions(user)
        ]
    }


def forget_reader(user: Any, *, remove_comments: bool) -> None:
    """Delete the reader's subscriptions, to their account and to its addresses (kabar_forget_reader).

    Suppressions stay: they record an objection (a complaint) or a dead address, and keeping them is
    what stops a mail list from ever reaching the address again.
    """
    queries.reader_subscriptions(user).delete()


# ---- editions ----
# The newsroom's editions: schedule, send now, a test to oneself, cancel; the clock's due sends and
# daily digests. The send itself (once per address, resumable) is kabar.newsletters.sending.


SEND_EDITIONS = "newsletters.send_edition"
DIGEST_ARTICLES = 8
# A digest the clock could not make at its time (the worker was down) is still made this much later;
# after that, the day's letter is skipped rather than sent in the evening.
DIGEST_GRACE = dt.timedelta(hours=3)
# A send whose worker has not moved its heartbeat for this long is taken up by another.
STALLED_AFTER = dt.timedelta(seconds=90)


class EditionError(ValueError):
    """An edition that cannot be scheduled or sent as asked; the message is for the editor."""


def _enqueue_send(edition_id: int) -> None:
    from kabar.newsletters import tasks

    transaction.on_commit(lambda: tasks.send_edition.enqueue(edition_id))


def schedule_edition(edition: Edition, when: dt.datetime, *, now: dt.datetime | None = None) -> None:
    """Send `edition` at `when` (the clock starts it): only a draft or a scheduled edition, only later."""
    now = now or timezone.now()
    if not edition.editable:
        raise EditionError(_("This edition has already been sent or cancelled."))
    if when <= now:
        raise EditionError(_("Choose a time in the future, or send it now."))
    if not edition.subject.strip():
        raise EditionError(_("An edition needs a subject."))
    updated = Edition.objects.filter(pk=edition.pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED]).update(
        status=Edition.Status.SCHEDULED, scheduled_at=when
    )
    if not updated:
        raise EditionError(_("This edition has already been sent or cancelled."))
    edition.refresh_from_db()


def send_edition_now(edition: Edition, *, now: dt.datetime | None = None) -> None:
    """Queue the edition for the worker at once; pressing twice queues it once."""
    now = now or timezone.now()
    if not edition.subject.strip():
        raise EditionError(_("An edition needs a subject."))
    # SENDING at once, in one conditional UPDATE: a second press finds it sending and queues nothing.
    updated = Edition.objects.filter(pk=edition.pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED]).update(
        status=Edition.Status.SENDING, scheduled_at=now, started_at=now, heartbeat_at=now
    )
    if not updated:
        raise EditionError(_("This edition has already been sent or cancelled."))
    edition.refresh_from_db()
    _enqueue_send(edition.pk)


def unschedule_edition(edition: Edition) -> bool:
    """A scheduled edition back to draft (before the clock started it)."""
    return bool(
        Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.DRAFT, scheduled_at=None
        )
    )


def cancel_edition(edition: Edition) -> bool:
    """Stop an edition: a draft or scheduled one never goes; one sending stops after its current batch."""
    return bool(
        Edition.objects.filter(
            pk=edition.pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED, Edition.Status.SENDING]
        ).update(status=Edition.Status.CANCELLED)
    )


def send_test_edition(edition: Edition, user: Any) -> str:
    """The edition as it would go now, to the editor's own address; returns that address."""
    from kabar.newsletters import sending

    address = (getattr(user, "email", "") or "").strip()
    if not address:
        raise EditionError(_("Your account has no e-mail address to send the test to."))
    subject = _("[Test] %(subject)s") % {"subject": edition.subject}
    sending.send_one(edition, address, subject=subject)
    return address


def send_due_editions(now: dt.datetime | None = None) -> int:
    """The clock (every 30 s): queue scheduled editions whose time has come, and take up sends whose
    worker stopped (its heartbeat is older than STALLED_AFTER). Returns how many were queued."""
    now = now or timezone.now()
    due = list(
        Edition.objects.filter(status=Edition.Status.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True)
    )
    stalled = list(
        Edition.objects.filter(status=Edition.Status.SENDING)
        .filter(db_models.Q(heartbeat_at__lt=now - STALLED_AFTER) | db_models.Q(heartbeat_at__isnull=True))
        .values_list("pk", flat=True)
    )
    # Due ones become SENDING here, under the clock's lease, so a worker slow to take the task up
    # does not get it queued again at the next tick; a stalled one's heartbeat moves for the same reason.
    started = [
        pk
        for pk in due
        if Edition.objects.filter(pk=pk, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.SENDING, started_at=now, heartbeat_at=now
        )
    ]
    for edition_id in stalled:
        Edition.objects.filter(pk=edition_id).update(heartbeat_at=now)
    for edition_id in [*started, *stalled]:
        _enqueue_send(edition_id)
    return len(started) + len(stalled)


def digest_subject(newsletter: NewsletterList, day: dt.date) -> str:
    from django.utils.formats import date_format

    with translation.override(settings.LANGUAGE_CODE):
        return f"{newsletter.name}, {date_format(day, 'j F Y')}"


def make_daily_digests(now: dt.datetime | None = None) -> list[Edition]:
    """The clock (every minute): at each daily list's send time (site time, WIB) make that day's
    edition, filled from the last 24 hours, and queue it. Once a day per list, however often it runs
    and on however many workers: (list, date) is unique."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    made: list[Edition] = []
    lists = NewsletterList.objects.filter(
        is_active=True,
        send_time__isnull=False,
        frequency=NewsletterList.Frequency.DAILY,
        kind__in=[NewsletterList.Kind.DIGEST, NewsletterList.Kind.SECTION],
    )
    for newsletter in lists:
        assert newsletter.send_time is not None
        due = timezone.make_aware(dt.datetime.combine(local.date(), newsletter.send_time), local.tzinfo)
        if not due <= local < due + DIGEST_GRACE:
            continue
        if Edition.objects.filter(newsletter=newsletter, digest_date=local.date()).exists():
            continue
        heading = _("Editors' picks and most read")
        edition = Edition(
            newsletter=newsletter,
            subject=digest_subject(newsletter, local.date()),
            preheader=newsletter.description[:150],
            digest_date=local.date(),
            status=Edition.Status.SCHEDULED,
            scheduled_at=now,
            body=[
                (
                    "automatic",
                    {
                        "heading": heading,
                        "source": AutomaticArticlesBlock.Source.PICKS_AND_MOST_READ,
                        "count": DIGEST_ARTICLES,
                    },
                )
            ],
        )
        try:
            with transaction.atomic():
                edition.save()
        except db_utils.IntegrityError:  # another worker made today's a moment ago
            continue
        _enqueue_send(edition.pk)
        made.append(edition)
        logger.info("daily edition %s of %s made for %s", edition.pk, newsletter.slug, local.date())
    return made


# ---- events ----
# What the mail providers report about each mail (kabar.newsletters.webhooks turns their posts into a
# ReportedEvent): hard bounces and complaints suppress the address, temporary bounces are counted and
# suppress it after KABAR_NEWSLETTER_SOFT_BOUNCES in a row, a provider's unsubscribe takes the address
# off the list at once, and an event already recorded (a retry or a replay) changes nothing.


# The metadata key each newsletter mail carries (anymail's `metadata`, echoed back in the provider's
# events), so an event finds its delivery row without relying on the provider's message id.
DELIVERY_METADATA = "kabar_delivery"

# Reject reasons (anymail's RejectReason) that mean the address must not be mailed again.
SUPPRESSING_REJECTIONS = {"bounced": Suppression.Reason.BOUNCE, "invalid": Suppression.Reason.BOUNCE}
SPAM_REJECTION = "spam"

# How far each event moves a delivery row: a later, weaker event never takes back a stronger one.
DELIVERY_OUTCOMES = {
    MailEvent.Kind.DELIVERED: EditionDelivery.Status.DELIVERED,
    MailEvent.Kind.BOUNCED: EditionDelivery.Status.BOUNCED,
    MailEvent.Kind.COMPLAINED: EditionDelivery.Status.COMPLAINED,
}
OUTCOME_RANK = {
    EditionDelivery.Status.DELIVERED: 1,
    EditionDelivery.Status.BOUNCED: 2,
    EditionDelivery.Status.COMPLAINED: 3,
}


def soft_bounce_limit() -> int:
    return max(1, int(getattr(settings, "KABAR_NEWSLETTER_SOFT_BOUNCES", 3)))


@dataclass(frozen=True)
class ReportedEvent:
    """One event a provider reported, normalised (by anymail, then kabar.newsletters.webhooks)."""

    provider: str
    kind: str
    event_key: str
    email: str
    occurred_at: dt.datetime
    message_id: str = ""
    detail: str = ""
    click_url: str = ""
    reject_reason: str = ""
    delivery_id: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def record_mail_event(report: ReportedEvent) -> MailEvent | None:
    """Record what the provider reported and act on it; None for an event already recorded (or no address)."""
    email = normalise_email(report.email)
    if not email:
        logger.info("newsletters: a %s %s event without an address was ignored", report.provider, report.kind)
        return None
    with transaction.atomic():
        delivery = _delivery_for(report, email)
        try:
            with transaction.atomic():
                event = MailEvent.objects.create(
                    kind=report.kind,
                    provider=report.provider[:32],
                    event_key=report.event_key[:128],
                    email=email,
                    message_id=report.message_id[:255],
                    occurred_at=report.occurred_at,
                    delivery=delivery,
                    detail=report.detail[:500],
                    click_url=report.click_url,
                    raw=report.raw,
                )
        except IntegrityError:
            logger.warning(
                "newsletters: ignored a %s event already recorded (%s %s): a retry or a replay",
                report.provider,
                report.kind,
                report.event_key,
            )
            return None
        _act_on(event, report, delivery)
    return event


def _delivery_for(report: ReportedEvent, email: str) -> EditionDelivery | None:
    """The delivery row the event is about: by the id the mail carried, else by the provider's message id."""
    if report.delivery_id is not None:
        found = EditionDelivery.objects.filter(pk=report.delivery_id, email=email).first()
        if found is not None:
            return found
    if report.message_id:
        bare = report.message_id.strip("<>")
        return (
            EditionDelivery.objects.filter(message_id__in={report.message_id, bare, f"<{bare}>"}, email=email)
            .order_by("-pk")
            .first()
        )
    return None


def _act_on(event: MailEvent, report: ReportedEvent, delivery: EditionDelivery | None) -> None:
    kind = event.kind
    if kind == MailEvent.Kind.BOUNCED:
        suppress_address(event.email, Suppression.Reason.BOUNCE, _detail(event, _("Hard bounce")))
    elif kind == MailEvent.Kind.COMPLAINED:
        suppress_address(event.email, Suppression.Reason.COMPLAINT, _detail(event, _("Marked as spam")))
    elif kind == MailEvent.Kind.SOFT_BOUNCED:
        in_a_row = soft_bounces_in_a_row(event.email)
        if in_a_row >= soft_bounce_limit():
            suppress_address(
                event.email,
                Suppression.Reason.BOUNCE,
                _detail(
                    event,
                    ngettext("%(count)d temporary bounce in a row", "%(count)d temporary bounces in a row", in_a_row)
                    % {"count": in_a_row},
                ),
            )
    elif kind == MailEvent.Kind.REJECTED:
        if report.reject_reason == SPAM_REJECTION:
            suppress_address(event.email, Suppression.Reason.COMPLAINT, _detail(event, _("Refused by the provider")))
        elif report.reject_reason in SUPPRESSING_REJECTIONS:
            reason = SUPPRESSING_REJECTIONS[report.reject_reason]
            suppress_address(event.email, reason, _detail(event, _("Refused by the provider")))
    elif kind == MailEvent.Kind.UNSUBSCRIBED:
        source = f"provider:{event.provider}"[:32]
        if delivery is not None and delivery.subscription_id is not None:
            subscription = Subscription.objects.filter(pk=delivery.subscription_id).first()
            if subscription is not None:
                unsubscribe(subscription, source=source, now=event.occurred_at)
        else:
            # The provider's own unsubscribe, for a mail we cannot place: leave every list rather than mail on.
            unsubscribe_all(event.email, source=source, now=event.occurred_at)
    outcome = DELIVERY_OUTCOMES.get(MailEvent.Kind(kind))
    if delivery is not None and outcome is not None:
        current = OUTCOME_RANK.get(EditionDelivery.Status(delivery.status), 0)
        if OUTCOME_RANK[outcome] > current:
            EditionDelivery.objects.filter(pk=delivery.pk).update(status=outcome)


def _detail(event: MailEvent, what: str) -> str:
    parts = [what, f"{event.provider} {event.occurred_at:%Y-%m-%d %H:%M} UTC"]
    if event.detail:
        parts.append(event.detail)
    return " · ".join(parts)[:1000]


def soft_bounces_in_a_row(email: str) -> int:
    """Temporary bounces since the address's last delivery."""
    events = MailEvent.objects.filter(email=normalise_email(email))
    last_delivered = (
        events.filter(kind=MailEvent.Kind.DELIVERED).order_by("-occurred_at").values_list("occurred_at", flat=True)
    ).first()
    bounces = events.filter(kind=MailEvent.Kind.SOFT_BOUNCED)
    if last_delivered is not None:
        bounces = bounces.filter(occurred_at__gt=last_delivered)
    return bounces.count()


def suppress_address(email: str, reason: str, detail: str = "") -> Suppression:
    """Never mail the address again; an address already suppressed keeps its first reason (a complaint
    outranks a bounce, so a complaint replaces a bounce's record)."""
    email = normalise_email(email)
    suppression, created = Suppression.objects.get_or_create(email=email, defaults={"reason": reason, "detail": detail})
    if not created and reason == Suppression.Reason.COMPLAINT and suppression.reason == Suppression.Reason.BOUNCE:
        suppression.reason = reason
        suppression.detail = detail
        suppression.save(update_fields=["reason", "detail"])
    if created:
        logger.info("newsletters: an address was suppressed (%s)", reason)
    return suppression
