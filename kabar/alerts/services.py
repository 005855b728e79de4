"""Writes: browsers subscribing, the newsroom composing alerts, and sending each alert once to each
recipient on every channel (kabar.alerts.channels: Web Push, webhooks, and whatever is registered).

How "once" holds (docs/architecture.md, "Alerts"):

1. The alert is created under a unique idempotency key (the admin form's, or one derived by the
   command), so a second press of the button finds the first alert instead of making another.
2. Before the first send, each channel's delivery row per (alert, recipient) is inserted with
   INSERT … SELECT … ON CONFLICT DO NOTHING: running it again, after a crash, adds nothing.
3. A worker marks rows `sending`, their attempt counted, before it sends them (SELECT … FOR UPDATE
   SKIP LOCKED on PostgreSQL; on SQLite the IMMEDIATE transaction holds the write lock while it
   selects and marks), at most one batch at a time, under a lease of a few seconds that it renews
   while it works: a live slow worker keeps its rows, a dead one's lapse within seconds. A row is
   only ever marked by the worker that holds it.
4. What cannot be made exactly-once (a worker dying between the push service's 201 and the
   database write) is bounded and made harmless: only the rows it had marked sending, one batch,
   can have gone unrecorded; they are sent again once its lease lapses, counted as retries (and
   given up after MAX_ATTEMPTS, so a delivery that kills its worker cannot go on doing so); the
   notification carries the alert's tag, and a browser showing a second notification with the
   same tag replaces the first instead of adding one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import queue
import random
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial, reduce
from operator import or_
from typing import Any

import aiohttp
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kabar.alerts import queries
from kabar.alerts.channels import Channel, ChannelError, Outcome, Recipient, registered_channels, webpush
from kabar.alerts.channels.transport import Transport
from kabar.alerts.channels.webpush import InvalidSubscription
from kabar.alerts.models import UNFINISHED, Alert, DeliveryStatus, PushSubscription, SubscriptionTopic
from kabar.articles.models import ArticlePage
from kabar.core import hooks as kabar_hooks
from kabar.delivery.purge import SITE, purge_keys

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
LEASE_SECONDS = 15.0
MAX_ATTEMPTS = 6
# Retries due sooner than this are waited for in the same run; later ones are left to resume_alerts.
INLINE_RETRY_SECONDS = 30.0
# Once the first answer of a round is in, how long to wait for more before writing them together.
LINGER_SECONDS = 0.05
MAX_TOPICS = 50
DELIVERIES_KEPT = dt.timedelta(days=30)
NOTIFICATION_IMAGE = "fill-720x360"

# The audit trail (labels in wagtail_hooks.py): who sent or stopped which alert, and how it ended.
ALERT_SENT = "kabar.alert_sent"
ALERT_CANCELLED = "kabar.alert_cancelled"
ALERT_FINISHED = "kabar.alert_finished"


class AlertError(ValueError):
    """An alert that cannot be made or sent as asked; the message is for the editor."""


# --- configuration ------------------------------------------------------------------------


def concurrency() -> int:
    return int(getattr(settings, "KABAR_PUSH_CONCURRENCY", 100))


def push_timeout() -> float:
    return float(getattr(settings, "KABAR_PUSH_TIMEOUT", 10))


def batch_size() -> int:
    """The most deliveries of one channel a worker has marked sending at once: a worker killed
    mid-send leaves at most this many whose answer it never recorded, sent again after it."""
    return max(1, int(getattr(settings, "KABAR_PUSH_BATCH_SIZE", BATCH_SIZE)))


def lease_seconds() -> float:
    """How long a worker's hold on what it is sending lasts unless renewed (it renews every third of it)."""
    return max(0.3, float(getattr(settings, "KABAR_PUSH_LEASE_SECONDS", LEASE_SECONDS)))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=lease_seconds())


def slice_seconds() -> float:
    """How long one worker task sends before it hands the rest to a fresh task (see send_alert)."""
    return float(getattr(settings, "KABAR_PUSH_SLICE_SECONDS", 10))


def vapid_keys() -> tuple[str, str]:
    """(private, public): the site's VAPID key pair, from the environment or the database (channels.webpush)."""
    return webpush.vapid_keys()


def vapid_public_key() -> str:
    """The key readers' browsers subscribe with."""
    return webpush.vapid_public_key()


# --- readers: subscribing -----------------------------------------------------------------


def endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def clean_topics(topics: Iterable[Any], *, drop_ended_stories: bool = False) -> list[str]:
    """The topics as stored: known names, each once. A story's topic is known while it is covered live;
    a browser saving its choice after the story ended (`drop_ended_stories`) just loses that one."""
    if isinstance(topics, (str, Mapping)) or not isinstance(topics, Iterable):
        raise InvalidSubscription("topics must be a list")
    # Names are checked before they are de-duplicated: a nested list or object is not hashable.
    given = list(topics)
    if any(not isinstance(t, str) for t in given):
        raise InvalidSubscription("topics must be a short list of names")
    wanted = list(dict.fromkeys(given))
    if len(wanted) > MAX_TOPICS:
        raise InvalidSubscription("topics must be a short list of names")
    known = {topic.key for topic in queries.available_topics()}
    unknown = [t for t in wanted if t not in known]
    running = queries.running_stories(unknown) if unknown else {}
    ended = [t for t in unknown if t not in running and queries.story_id(t) is not None]
    unknown = [t for t in unknown if t not in running and t not in ended]
    if unknown:
        raise InvalidSubscription(f"unknown topic: {unknown[0][:40]}")
    if ended and not drop_ended_stories:
        raise InvalidSubscription(f"not covered live now: {ended[0][:40]}")
    kept = [t for t in wanted if t not in ended]
    if ended and not kept:
        raise InvalidSubscription("that live coverage has ended")
    return kept


def subscribe_browser(
    subscription: Any,
    topics: Iterable[Any],
    user: AbstractBaseUser | AnonymousUser | None = None,
    replaces: str = "",
) -> PushSubscription:
    """Store (or update) a browser's PushSubscription.toJSON() and the topics it follows.

    `replaces` is the old endpoint when the browser renewed its subscription on its own
    (`pushsubscriptionchange`): the new one inherits the old one's topics and the old one goes.
    """
    if not isinstance(subscription, Mapping):
        raise InvalidSubscription("subscription must be an object")
    endpoint = subscription.get("endpoint")
    refusal = webpush.endpoint_refusal(endpoint, webpush.allowed_prefixes())
    if refusal:
        raise InvalidSubscription(refusal)
    keys = subscription.get("keys")
    if not isinstance(keys, Mapping):
        raise InvalidSubscription("the subscription has no keys")
    webpush.check_keys(keys.get("p256dh"), keys.get("auth"))
    wanted = clean_topics(topics, drop_ended_stories=True)
    if not isinstance(replaces, str):
        raise InvalidSubscription("replaces must be the old endpoint")
    digest = endpoint_hash(endpoint)
    with transaction.atomic():
        old = None
        if replaces and replaces != endpoint:
            old = queries.subscription_for_endpoint(endpoint_hash(replaces))
        if not wanted and old is not None:
            wanted = [row.topic for row in old.topics.all()]
        if not wanted:
            raise InvalidSubscription("choose at least one topic")
        now = timezone.now()
        stored = PushSubscription.objects.filter(endpoint_hash=digest).first()
        if stored is None:
            stored = PushSubscription(endpoint=endpoint, endpoint_hash=digest, created_at=now)
        stored.p256dh = keys["p256dh"].rstrip("=")
        stored.auth = keys["auth"].rstrip("=")
        stored.updated_at = now
        if user is not None and user.is_authenticated:
            stored.user = user
        elif old is not None and old.user_id:
            stored.user_id = old.user_id
        try:
            with transaction.atomic():
                stored.save()
        except IntegrityError:
            # The same browser posted twice at once; the other request stored it first.
            stored.pk = PushSubscription.objects.get(endpoint_hash=digest).pk
            stored.save(force_update=True)
        stored.topics.exclude(topic__in=wanted).delete()
        SubscriptionTopic.objects.bulk_create(
            [SubscriptionTopic(subscription=stored, topic=topic) for topic in wanted], ignore_conflicts=True
        )
        if old is not None:
            old.delete()
    return stored


def unsubscribe_browser(endpoint: Any) -> bool:
    """Forget a browser: it stopped notifications, or its push service said it is gone."""
    if not isinstance(endpoint, str) or not endpoint:
        raise InvalidSubscription("endpoint must be given")
    deleted, _ = PushSubscription.objects.filter(endpoint_hash=endpoint_hash(endpoint)).delete()
    return bool(deleted)


# --- the newsroom: composing, queueing, cancelling ------------------------------------------


def default_text(article: ArticlePage) -> str:
    """The summary, or else the first paragraph, cut at a word to fit a notification."""
    text = article.summary.strip() or next(iter(article.paragraphs_text()), "").strip()
    if len(text) <= 200:
        return text
    return text[:200].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def default_topics(article: ArticlePage) -> list[str]:
    topics = [queries.section_topic(article.section_id)] if article.section_id else []
    if article.is_editors_pick:
        topics.append(queries.PICKS)
    return topics


def compose_alert(
    article: ArticlePage,
    *,
    title: str,
    text: str,
    topics: Iterable[str],
    idempotency_key: str,
    is_breaking: bool = False,
    banner_hours: int = 0,
    send_when_published: bool = False,
    user: AbstractBaseUser | None = None,
    enqueue: bool = True,
    extra_channels: Iterable[str] = (),
) -> tuple[Alert, bool]:
    """An alert about `article`, queued at once if the article is published, or waiting for its
    publication when asked to. Returns (alert, created); the same key returns the first alert.

    `extra_channels` names breaking-news channels (kabar_breaking_news_channels) it also goes out by,
    once, when its sending starts. `enqueue=False` leaves the sending to the caller (the command sends
    in its own process)."""
    existing = Alert.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    title, text = title.strip(), text.strip()
    if not title:
        raise AlertError(_("An alert needs a title."))
    try:
        wanted = clean_topics(topics)
    except InvalidSubscription as error:
        raise AlertError(str(error)) from error
    if not wanted:
        raise AlertError(_("Choose at least one group of readers to alert."))
    live = queries.pushable_article(article.pk)
    if live is None and not send_when_published:
        raise AlertError(_("Only a published article can be pushed; choose to send it when it is published."))
    if is_breaking and queries.BREAKING not in wanted:
        wanted.insert(0, queries.BREAKING)
    channels = list(dict.fromkeys(extra_channels))
    if channels:
        registered = {channel.name for channel in breaking_news_channels()}
        if any(name not in registered for name in channels):
            raise AlertError(_("That channel is not available."))
        if not is_breaking:
            raise AlertError(_("The other channels carry breaking news only: tick “Send as breaking news”."))
    alert = Alert(
        extra_channels=channels,
        article=article,
        title=title[:120],
        text=text[:240],
        topics=wanted,
        is_breaking=is_breaking,
        banner_hours=max(0, min(int(banner_hours or 0), 24)) if is_breaking else 0,
        idempotency_key=idempotency_key[:80],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:
        return Alert.objects.get(idempotency_key=idempotency_key[:80]), False
    logger.info("alert %s composed for article %s by %s", alert.pk, article.pk, getattr(user, "pk", None))
    log(
        instance=alert,
        action=ALERT_SENT,
        user=alert.created_by,
        data={
            "article": article.pk,
            "article_title": article.title[:255],
            "title": alert.title,
            "topics": alert.topics,
            "breaking": alert.is_breaking,
            "when_published": live is None,
            "channels": channels,
        },
    )
    if live is not None:
        queue_alert(alert, live, enqueue=enqueue)
    return alert, True


def queue_alert(alert: Alert, article: ArticlePage | None = None, *, enqueue: bool = True) -> bool:
    """Hand a waiting alert to the worker, with the article's public URL and image as they are now."""
    article = article or (queries.pushable_article(alert.article_id) if alert.article_id else None)
    if article is None:
        return False
    now = timezone.now()
    banner_until = now + dt.timedelta(hours=alert.banner_hours) if alert.is_breaking and alert.banner_hours else None
    queued = Alert.objects.filter(pk=alert.pk, status=Alert.Status.WAITING).update(
        status=Alert.Status.QUEUED,
        queued_at=now,
        url=article.full_url or "",
        image_url=notification_image_url(article),
        banner_until=banner_until,
    )
    if not queued:
        return False
    alert.refresh_from_db()
    if banner_until:
        _banner_changed()
    if enqueue:
        transaction.on_commit(partial(_enqueue, alert.pk))
    return True


def _enqueue(alert_id: int) -> None:
    from kabar.alerts.tasks import deliver_alert

    deliver_alert.enqueue(alert_id)


def notification_image_url(article: ArticlePage) -> str:
    if not article.lead_image_id:
        return ""
    try:
        rendition = article.lead_image.get_rendition(NOTIFICATION_IMAGE)
    except Exception:  # a missing or broken image file must not stop the alert
        logger.warning("no notification image for article %s", article.pk, exc_info=True)
        return ""
    url = rendition.url
    return url if url.startswith(("http://", "https://")) else settings.BASE_URL + url


def release_waiting_alerts(article_id: int) -> int:
    """The article went live: its alerts that were waiting for it go now."""
    waiting = list(Alert.objects.filter(article_id=article_id, status=Alert.Status.WAITING))
    return sum(1 for alert in waiting if queue_alert(alert))


def cancel_alert(alert: Alert, user: AbstractBaseUser | None = None, reason: str = "") -> bool:
    """Stop an alert: what has gone has gone; nothing more is sent, and its banner comes down.

    `user` is who stopped it, for the audit trail (in the admin it is found from the request);
    `reason` is said there when it was not a person's choice."""
    with transaction.atomic():
        changed = Alert.objects.filter(
            pk=alert.pk, status__in=[Alert.Status.WAITING, Alert.Status.QUEUED, Alert.Status.SENDING]
        ).update(status=Alert.Status.CANCELLED, finished_at=timezone.now())
        if not changed:
            return False
        skipped = 0
        now = timezone.now()
        # Rows a live worker is sending are its to record; those a dead worker left are not sent again.
        unsent = Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)
        for channel in registered_channels():
            stopped = channel.delivery_model.objects.filter(unsent, alert=alert).update(
                status=DeliveryStatus.FAILED, error="cancelled", claimed_until=None
            )
            if channel.counted_on_alert:
                skipped += stopped
        Alert.objects.filter(pk=alert.pk).update(failed=F("failed") + skipped)
        alert.refresh_from_db()
        data: dict[str, Any] = {**_counts(alert), "not_sent": skipped}
        if reason:
            data["reason"] = reason
        log(instance=alert, action=ALERT_CANCELLED, user=user, data=data)
    if alert.is_breaking and alert.banner_until:
        _end_banner(alert)
    logger.info("alert %s cancelled (%d deliveries not sent)", alert.pk, skipped)
    return True


def _banner_changed() -> None:
    # Again after the commit: a page rendered while the transaction was open read the old rows.
    cache.delete(queries.BANNER_CACHE_KEY)
    transaction.on_commit(partial(cache.delete, queries.BANNER_CACHE_KEY))
    # Every public page carries the banner (or its absence): they are all tagged "site".
    purge_keys([SITE])


def _end_banner(alert: Alert) -> None:
    Alert.objects.filter(pk=alert.pk).update(banner_ended=True)
    _banner_changed()


def end_breaking_banners() -> int:
    """Periodic: banners whose time is up come down, and the cached pages that showed them go."""
    ended = list(
        Alert.objects.filter(is_breaking=True, banner_ended=False, banner_until__lte=timezone.now()).values_list(
            "pk", flat=True
        )
    )
    if ended:
        Alert.objects.filter(pk__in=ended).update(banner_ended=True)
        _banner_changed()
    return len(ended)


# --- sending --------------------------------------------------------------------------------


@dataclass
class SendReport:
    alert_id: int
    status: str
    total: int
    sent: int
    failed: int
    expired: int
    pending: int
    seconds: float
    # Stopped by its time budget with deliveries still due: the worker queues the task again.
    more: bool = False

    def line(self) -> str:
        return (
            f"alert {self.alert_id}: {self.status}; sent {self.sent}, failed {self.failed}, "
            f"expired {self.expired}, pending {self.pending} of {self.total} ({self.seconds:.1f} s)"
        )


def worker_identity() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_alert(
    alert_id: int,
    *,
    batch: int | None = None,
    inline_retry_seconds: float | None = None,
    time_budget: float | None = None,
) -> SendReport:
    """Deliver an alert: fan out once, then claim, send and record batches until nothing is due.

    Each round serves every registered channel in turn (kabar.alerts.channels.CHANNELS). Safe to
    run in several workers at once and to run again after a crash. Retries due within
    INLINE_RETRY_SECONDS are waited for here; later ones are picked up by resume_alerts. With a
    `time_budget` no new batch starts after it runs out, and the report says `more`: the worker
    task then queues itself again, so a worker asked to stop (a restart, a deploy) finishes its
    batches in flight and stops within seconds, and the next worker carries on from the database.
    """
    started = time.monotonic()
    deadline = None if time_budget is None else started + time_budget
    wait_limit = INLINE_RETRY_SECONDS if inline_retry_seconds is None else inline_retry_seconds
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise AlertError(f"no alert {alert_id}")
    more = False
    if alert.status in {Alert.Status.QUEUED, Alert.Status.SENDING}:
        if not _still_sendable(alert):
            _stop_unpublished(alert)
        else:
            hand_to_breaking_news_channels(alert)
            channels = registered_channels()
            fan_out(alert)
            Alert.objects.filter(pk=alert.pk, status=Alert.Status.QUEUED).update(status=Alert.Status.SENDING)
            holder = worker_identity()
            with Transport(concurrency(), push_timeout()) as transport:
                while True:
                    more = _deliver_round(alert, channels, transport, holder, batch or batch_size(), deadline)
                    if more:
                        break
                    wait = _seconds_to_next_retry(alert, channels)
                    if wait is None or wait > wait_limit:
                        break
                    if deadline is not None and time.monotonic() + wait > deadline:
                        more = wait == 0.0
                        break
                    time.sleep(wait)
            if not more:
                Alert.objects.filter(pk=alert.pk).update(heartbeat_at=None)
                finish_if_complete(alert)
    result = report(alert.pk, time.monotonic() - started)
    result.more = more
    return result


def report(alert_id: int, seconds: float = 0.0) -> SendReport:
    alert = Alert.objects.get(pk=alert_id)
    pending = sum(
        channel.delivery_model.objects.filter(alert=alert, status__in=UNFINISHED).count()
        for channel in registered_channels()
        if channel.counted_on_alert
    )
    return SendReport(alert.pk, alert.status, alert.total, alert.sent, alert.failed, alert.expired, pending, seconds)


def fan_out(alert: Alert) -> int:
    """One pending delivery per recipient of the alert on every registered channel: the browsers
    following any of its topics, the enabled webhooks, and so on. Returns the alert's total.

    One INSERT … SELECT with ON CONFLICT DO NOTHING per channel, all in one transaction: 100,000
    rows in a statement, and running it twice (two workers, or a restart) inserts nothing the
    second time. A channel whose recipients cannot be listed fails the whole fan-out, to be tried
    again as a whole, rather than mark the alert fanned out without that channel's rows.
    """
    if alert.fanned_out_at is not None:
        return 0
    if not alert.topics:
        return 0
    now = timezone.now()
    channels = registered_channels()
    with transaction.atomic():
        made = {channel.name: _insert_deliveries(channel, alert, now) for channel in channels}
        total = sum(
            channel.delivery_model.objects.filter(alert=alert).count()
            for channel in channels
            if channel.counted_on_alert
        )
        Alert.objects.filter(pk=alert.pk, fanned_out_at__isnull=True).update(
            total=total, fanned_out_at=now, heartbeat_at=now
        )
    alert.refresh_from_db()
    logger.info("alert %s fanned out to %d recipient(s) %s", alert.pk, total, made)
    return total


def _insert_deliveries(channel: Channel[Any], alert: Alert, now: dt.datetime) -> int:
    model = channel.delivery_model
    recipients = channel.recipients(alert)
    if len(recipients.query.values_select) + len(recipients.query.annotation_select) != 1:
        raise ChannelError(f"channel {channel.name!r}: recipients() must be a values_list() of one field")
    select, params = recipients.query.sql_with_params()
    quote = connection.ops.quote_name
    alert_column = quote(model._meta.get_field("alert").column)
    target_column = quote(model._meta.get_field(channel.target_field).column)
    # `WHERE 1 = 1`: without a WHERE, SQLite reads the ON of ON CONFLICT as a join's.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({alert_column}, {target_column}, status, attempts, "  # noqa: S608 - names are the models', values are parameters
        f"next_attempt_at, claimed_by, error) SELECT DISTINCT %s, recipients.*, %s, 0, %s, '', '' "
        f"FROM ({select}) recipients WHERE 1 = 1 ON CONFLICT ({alert_column}, {target_column}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [alert.pk, DeliveryStatus.PENDING, connection.ops.adapt_datetimefield_value(now), *params])
        return max(cursor.rowcount, 0)


def _take(
    model: type[models.Model], alert_id: int, holder: str, limit: int, now: dt.datetime, counts: dict[str, int]
) -> list[int]:
    """Mark up to `limit` due rows sending, ours until the lease ends, each try counted before it is made.

    First the rows a dead worker left sending (its lease lapsed: they may or may not have arrived),
    then pending rows that are due. Call inside a transaction; no two workers get the same row."""
    rows_of = model._default_manager
    lapsed = rows_of.filter(alert_id=alert_id, status=DeliveryStatus.SENDING, claimed_until__lt=now)
    due = (
        rows_of.filter(alert_id=alert_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        # The order of the (alert, status, next_attempt_at) index: the scan stops at `limit` rows.
        # Ordering by anything else would sort every pending row of a 100,000-browser alert per batch.
        .order_by("next_attempt_at")
    )
    if connection.features.has_select_for_update_skip_locked:
        lapsed, due = lapsed.select_for_update(skip_locked=True), due.select_for_update(skip_locked=True)
    rows = list(lapsed.values_list("pk", "attempts")[:limit])
    interrupted = len(rows)
    if len(rows) < limit:
        rows += list(due.values_list("pk", "attempts")[: limit - len(rows)])
    # In flight when their worker died, that many times: given up rather than sent yet again.
    spent = [pk for pk, attempts in rows if attempts >= MAX_ATTEMPTS]
    if spent:
        counts["failed"] += rows_of.filter(pk__in=spent).update(
            status=DeliveryStatus.FAILED, claimed_until=None, error="interrupted by a stopped worker"
        )
    ids = [pk for pk, attempts in rows if attempts < MAX_ATTEMPTS]
    if ids:
        rows_of.filter(pk__in=ids).update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            claimed_by=holder,
            claimed_until=now + lease(),
        )
        counts["attempts"] += len(ids)
        counts["retries"] += sum(1 for _pk, attempts in rows if 0 < attempts < MAX_ATTEMPTS)
    if interrupted:
        logger.warning(
            "alert %s: %d deliveries were in flight when their worker stopped; sending them again",
            alert_id, interrupted,
        )  # fmt: skip
    return ids


def _still_sendable(alert: Alert) -> bool:
    """Not cancelled, and the article still published: an article taken down stops its alert."""
    current = Alert.objects.filter(pk=alert.pk).values_list("status", "article_id").first()
    if current is None or current[0] not in {Alert.Status.QUEUED, Alert.Status.SENDING}:
        return False
    return current[1] is not None and queries.pushable_article(current[1]) is not None


def _stop_unpublished(alert: Alert) -> None:
    current = Alert.objects.get(pk=alert.pk)
    if current.status in {Alert.Status.QUEUED, Alert.Status.SENDING}:
        logger.warning("alert %s stopped: its article is no longer published", alert.pk)
        cancel_alert(current, reason="unpublished")


def _deliver_round(
    alert: Alert,
    channels: list[Channel[Any]],
    transport: Transport,
    holder: str,
    batch_size: int,
    deadline: float | None = None,
) -> bool:
    """Every channel in turn sends what is due. True when the deadline stopped it with deliveries still due.

    A channel that cannot build the alert's message is dropped from `channels` for the rest of the
    send: its deliveries stay pending with their attempts unspent, and resume_alerts tries again.
    """
    for channel in list(channels):
        try:
            message = channel.message(alert)
        except Exception:  # one channel's configuration must not keep the alert from the others
            logger.exception("alert %s: channel %s cannot build its message; left for later", alert.pk, channel.name)
            channels.remove(channel)
            continue
        if _deliver_channel(alert, channel, message, transport, holder, channel.batch_size or batch_size, deadline):
            return _seconds_to_next_retry(alert, channels) == 0.0
    if not _still_sendable(alert):
        _stop_unpublished(alert)
    return False


# Each delivery's answer, put by the transport's thread as it comes, taken by the delivery loop.
Answers = queue.SimpleQueue[tuple[Recipient, Outcome]]


def _deliver_channel(
    alert: Alert,
    channel: Channel[Any],
    message: Any,
    transport: Transport,
    holder: str,
    batch_size: int,
    deadline: float | None,
) -> bool:
    """Send one channel's due deliveries, at most `batch_size` of them marked sending at a time.

    Each exchange with the database, one transaction, records the answers that came back, renews
    the lease when a third of it has passed, and marks sending as many new deliveries as the
    answers made room for (half a batch at least, so rows are written many at a time); those go
    on the wire at once while the others are still out. True when the deadline stopped it.
    """
    answers: Answers = queue.SimpleQueue()
    raised: list[BaseException] = []
    answered: list[tuple[Recipient, Outcome]] = []
    out = 0  # marked sending by this loop and not yet recorded
    renew_every = lease_seconds() / 3
    renew_at = time.monotonic() + renew_every
    refill = max(1, batch_size // 2)
    out_of_time = False
    while True:
        _collect(answers, answered, 0, 0.0)
        out_of_time = deadline is not None and time.monotonic() >= deadline
        all_back = len(answered) == out
        room = batch_size - out + len(answered)
        take = room if room >= refill or all_back else 0
        if take and (out_of_time or not _still_sendable(alert)):
            take = 0
        renew = time.monotonic() >= renew_at
        taken: list[Recipient] = []
        # A few answers wait for more (they stay marked sending meanwhile): one exchange per half batch.
        if take or renew or (all_back and answered):
            if raised:
                logger.error(
                    "alert %s: channel %s raised on %d deliveries", alert.pk, channel.name, len(raised),
                    exc_info=raised[0],
                )  # fmt: skip
                raised.clear()
            taken = _exchange(channel, alert.pk, holder, answered, take, renew)
            out -= len(answered)
            answered = []
            if renew:
                renew_at = time.monotonic() + renew_every
        for recipient in taken:
            future = transport.submit(partial(_send_one, channel, message, recipient, raised))
            future.add_done_callback(partial(_answer, answers, recipient))
        out += len(taken)
        if out == 0:
            break
        _collect(answers, answered, min(out, refill), max(renew_at - time.monotonic(), 0.0))
    return out_of_time


def _answer(answers: Answers, recipient: Recipient, future: Future[Outcome]) -> None:
    # _send_one turns a channel's exceptions into outcomes; this is for the transport being shut down:
    # the loop must hear of every delivery it marked, or it would wait for it forever.
    try:
        outcome = future.result()
    except BaseException as error:
        outcome = Outcome("retry", error=f"not sent: {type(error).__name__}"[:200])
    answers.put((recipient, outcome))


def _collect(
    answers: Answers,
    into: list[tuple[Recipient, Outcome]],
    enough: int,
    timeout: float,
) -> None:
    """Move the answers that came into `into`; with `enough`, wait up to `timeout` for a first one,
    then a little longer (LINGER_SECONDS) for `enough`, so they are recorded together."""
    if enough:
        try:
            into.append(answers.get(timeout=timeout))
        except queue.Empty:
            return
        until = time.monotonic() + LINGER_SECONDS
        while len(into) < enough and (left := until - time.monotonic()) > 0:
            try:
                into.append(answers.get(timeout=left))
            except queue.Empty:
                break
    while True:
        try:
            into.append(answers.get_nowait())
        except queue.Empty:
            return


def _exchange(
    channel: Channel[Any],
    alert_id: int,
    holder: str,
    answered: list[tuple[Recipient, Outcome]],
    take: int,
    renew: bool,
) -> list[Recipient]:
    """One transaction: record `answered`, renew the lease on what is still out, mark `take` more sending.

    The alert's heartbeat moves with it, and its counts (sent, failed, expired, attempts, retries)."""
    now = timezone.now()
    model = channel.delivery_model
    counts = {"sent": 0, "failed": 0, "expired": 0, "attempts": 0, "retries": 0}
    with transaction.atomic():
        if answered:
            _record(channel, holder, answered, now, counts)
        if renew:
            model._default_manager.filter(alert_id=alert_id, status=DeliveryStatus.SENDING, claimed_by=holder).update(
                claimed_until=now + lease()
            )
        ids = _take(model, alert_id, holder, take, now, counts) if take else []
        taken = _claimed(channel, alert_id, holder, ids) if ids else []
        progress: dict[str, Any] = {"heartbeat_at": now}
        if channel.counted_on_alert:
            progress.update({kind: F(kind) + count for kind, count in counts.items() if count})
        Alert.objects.filter(pk=alert_id).update(**progress)
    if counts["failed"]:
        logger.warning("alert %s: %d %s deliveries failed", alert_id, counts["failed"], channel.name)
    return taken


def _claimed(channel: Channel[Any], alert_id: int, holder: str, ids: list[int]) -> list[Recipient]:
    """The rows just marked sending, with what the channel needs to reach each recipient."""
    model = channel.delivery_model
    target = model._meta.get_field(channel.target_field)
    rows = model.objects.filter(pk__in=ids, claimed_by=holder, status=DeliveryStatus.SENDING).values_list(
        "pk", target.attname, "attempts", *(f"{target.name}__{name}" for name in channel.address_fields)
    )
    # A Recipient's `attempts` are the tries before this one; the row counts this one already.
    return [
        Recipient(alert_id, pk, target_id, attempts - 1, dict(zip(channel.address_fields, address, strict=True)))
        for pk, target_id, attempts, *address in rows
    ]


async def _send_one(
    channel: Channel[Any],
    message: Any,
    recipient: Recipient,
    raised: list[BaseException],
    session: aiohttp.ClientSession,
) -> Outcome:
    try:
        return await channel.send(session, message, recipient)
    # CancelledError is no Exception: a send being shut down still stops.
    except Exception as error:  # a channel's bug or surprise costs this one delivery an attempt, not the batch
        raised.append(error)
        return Outcome("retry", error=f"{channel.name} raised {type(error).__name__}: {error}"[:200])


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential back-off from 2 s, jittered so retries do not arrive as a wave; never before Retry-After."""
    backoff = min(2.0 * 2 ** (attempt - 1), 600.0) * random.uniform(0.8, 1.2)
    return max(backoff, retry_after or 0.0)


def _record(
    channel: Channel[Any],
    holder: str,
    answered: list[tuple[Recipient, Outcome]],
    now: dt.datetime,
    counts: dict[str, int],
) -> None:
    """Write answers in a few statements, only on rows this worker still holds (inside _exchange's transaction)."""
    groups: dict[tuple[str, int | None, str, float], list[int]] = defaultdict(list)
    gone: list[int] = []
    for recipient, outcome in answered:
        kind, delay, tries = outcome.kind, 0.0, recipient.attempts + 1
        if kind == "retry":
            if tries >= MAX_ATTEMPTS:
                kind = "failed"
            else:
                delay = round(retry_delay(tries, outcome.retry_after))
        if kind == "expired":
            gone.append(recipient.target_id)
        groups[(kind, outcome.status, outcome.error[:200], delay)].append(recipient.delivery_id)
    mine = channel.delivery_model.objects.filter(claimed_by=holder, status=DeliveryStatus.SENDING)
    for (result, status, error, delay), pks in groups.items():
        fields: dict[str, Any] = {"last_status": status, "error": error, "claimed_until": None}
        if result == "retry":
            fields.update(
                status=DeliveryStatus.PENDING, claimed_by="", next_attempt_at=now + dt.timedelta(seconds=delay)
            )
        else:
            fields.update(status=result)
        changed = mine.filter(pk__in=pks).update(**fields)
        if result in counts:
            counts[result] += changed
    if gone:
        channel.forget(gone)


def _seconds_to_next_retry(alert: Alert, channels: list[Channel[Any]] | None = None) -> float | None:
    """Seconds until the soonest retry this worker could take, or None when nothing is left to it.

    Rows a dead worker left sending are due now; those a live worker is sending are its own."""
    now = timezone.now()
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    soonest = []
    for channel in registered_channels() if channels is None else channels:
        rows = channel.delivery_model.objects.filter(alert=alert)
        if rows.filter(status=DeliveryStatus.SENDING, claimed_until__lt=now).exists():
            return 0.0
        soonest.append(rows.filter(unclaimed, status=DeliveryStatus.PENDING).aggregate(at=Min("next_attempt_at"))["at"])
    due = [at for at in soonest if at is not None]
    if not due:
        return None
    return max((min(due) - now).total_seconds(), 0.0)


def finish_if_complete(alert: Alert) -> bool:
    pending = any(
        channel.delivery_model.objects.filter(alert=alert, status__in=UNFINISHED).exists()
        for channel in registered_channels()
    )
    if pending:
        return False
    done = Alert.objects.filter(pk=alert.pk, status=Alert.Status.SENDING).update(
        status=Alert.Status.DONE, finished_at=timezone.now()
    )
    if done:
        alert.refresh_from_db()
        logger.info("alert %s done: sent %d, failed %d, expired %d", alert.pk, alert.sent, alert.failed, alert.expired)
        # The worker's act: no user (when a request sends inline, its user is the log context's).
        log(instance=alert, action=ALERT_FINISHED, user=None, data=_counts(alert))
    return bool(done)


def _counts(alert: Alert) -> dict[str, int]:
    return {
        "total": alert.total,
        "sent": alert.sent,
        "failed": alert.failed,
        "expired": alert.expired,
        "attempts": alert.attempts,
        "retries": alert.retries,
    }


def resume_alerts() -> int:
    """Periodic: hand back to the worker the alerts with retries now due or abandoned by a dead worker.

    A worker sending an alert moves its heartbeat every third of a lease: one lease without it and
    the worker is presumed dead, its task (left running in the queue) replaced by a new one."""
    now = timezone.now()
    stalled = now - lease()
    resumed = 0
    candidates = Alert.objects.filter(status__in=[Alert.Status.QUEUED, Alert.Status.SENDING]).filter(
        Q(resume_enqueued_at__isnull=True) | Q(resume_enqueued_at__lt=stalled)
    )
    for alert in candidates:
        if not _still_sendable(alert):
            _stop_unpublished(alert)
            continue
        if alert.fanned_out_at is None:
            needed = alert.queued_at is None or alert.queued_at < stalled
        else:
            wait = _seconds_to_next_retry(alert)
            if wait is None:
                finish_if_complete(alert)
                continue
            # A recent heartbeat means a worker is on it, and its own loop takes what falls due.
            busy = alert.heartbeat_at is not None and alert.heartbeat_at > stalled
            needed = wait == 0.0 and not busy
        if needed:
            Alert.objects.filter(pk=alert.pk).update(resume_enqueued_at=now)
            _enqueue(alert.pk)
            resumed += 1
    return resumed


def prune_deliveries() -> int:
    """Periodic: per-reader rows of alerts finished a month ago go, a few alerts a run; the alert keeps its counts.

    Only the channels counted on the alert: the rows of the others (the webhooks) are all there is of them."""
    models_counted = [channel.delivery_model for channel in registered_channels() if channel.counted_on_alert]
    if not models_counted:
        return 0
    has_rows = reduce(or_, (Q(Exists(model.objects.filter(alert=OuterRef("pk")))) for model in models_counted))
    old = list(
        Alert.objects.filter(finished_at__lt=timezone.now() - DELIVERIES_KEPT)
        .filter(has_rows)
        .values_list("pk", flat=True)[:5]
    )
    return sum(model.objects.filter(alert_id__in=old).delete()[0] for model in models_counted)


# --- rights (given to the roles in wagtail_hooks.py) ---------------------------------------------

SEND_ALERTS = "alerts.add_alert"
CANCEL_ALERTS = "alerts.change_alert"


def may_send_alerts(user: object, article: ArticlePage) -> bool:
    """Redaktur and Admin, and only on articles they may publish."""
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and has_perm(SEND_ALERTS) and article.permissions_for_user(user).can_publish())


# --- other desks and other channels (kabar/core/hooks.py) -------------------------------------------

STORY_ALERT_KEY = "story"


def send_story_alert(request: kabar_hooks.AlertRequest, user: AbstractBaseUser | AnonymousUser) -> str:
    """ALERT_SENDERS: a desk sends a story as an alert (a live report's key event); returns the alert's admin URL.

    To the story's followers when the request names its topic, else to the story's usual readers
    (its section, editors' picks). The same rights as "Kirim notifikasi"; the same request twice
    finds the first alert. Raises AlertError (a ValueError) with a message for the editor."""
    article = ArticlePage.objects.filter(pk=request.page_id).first()
    if article is None:
        raise AlertError(_("There is no such story."))
    if not may_send_alerts(user, article):
        raise AlertError(_("Only an editor who may publish this story can send it as a notification."))
    if request.follow_topic:
        if request.follow_topic != queries.story_topic(article.pk):
            raise AlertError(_("Only this story's followers can be named."))
        topics = [request.follow_topic]
    else:
        topics = default_topics(article)
    title = request.title.strip() or article.title
    text = Truncator(" ".join(request.body.split())).chars(240)
    digest = hashlib.sha256("\n".join([title, text, *topics]).encode()).hexdigest()[:32]
    alert, _created = compose_alert(
        article,
        title=Truncator(title).chars(120),
        text=text,
        topics=topics,
        idempotency_key=f"{STORY_ALERT_KEY}:{article.pk}:{digest}",
        user=user if isinstance(user, AbstractBaseUser) else None,
    )
    return reverse("alerts_detail", args=[alert.pk])


def breaking_news_channels() -> list[kabar_hooks.BreakingNewsChannel]:
    return kabar_hooks.collected(kabar_hooks.BREAKING_NEWS_CHANNELS, kabar_hooks.BreakingNewsChannel)


def hand_to_breaking_news_channels(alert: Alert) -> bool:
    """Claim the alert's other channels, then hand them the news after the claim commits.

    Claimed first, so a worker killed after the claim and the alert's send taken up again never
    hands the news over twice (a channel keeps its own sending resumable, as newsletters do); the
    price is that a worker killed between the claim and the hand-over loses it (the alert's page shows
    the claim's time, and the worker's log has no "handed to channel" line for it)."""
    if not alert.extra_channels or alert.channels_sent_at is not None:
        return False
    with transaction.atomic():
        claimed = Alert.objects.filter(pk=alert.pk, channels_sent_at__isnull=True).update(
            channels_sent_at=timezone.now()
        )
        if claimed:
            transaction.on_commit(partial(_send_breaking_news, alert.pk))
    return bool(claimed)


def _send_breaking_news(alert_id: int) -> None:
    alert = Alert.objects.get(pk=alert_id)
    news = kabar_hooks.BreakingNews(page_id=alert.article_id or 0, title=alert.title, body=alert.text, url=alert.url)
    by_name = {channel.name: channel for channel in breaking_news_channels()}
    for name in alert.extra_channels:
        channel = by_name.get(name)
        if channel is None:
            logger.warning("alert %s: channel %s is no longer registered; not sent there", alert.pk, name)
            continue
        try:
            channel.send(news)
        except Exception:  # one channel's failure must not keep the news from the others, or stop the push
            logger.exception("alert %s: channel %s failed to take the news", alert.pk, name)
        else:
            logger.info("alert %s handed to channel %s", alert.pk, name)


def forget_ended_stories() -> int:
    """Periodic: browsers stop following stories no longer covered live; a browser that followed nothing
    else is forgotten (its endpoint is the reader's, kept no longer than it is used).

    A story with an alert still waiting or sending keeps its followers until that alert has fanned out."""
    followed = set(
        SubscriptionTopic.objects.filter(topic__startswith=queries.STORY_PREFIX)
        .values_list("topic", flat=True)
        .distinct()
    )
    if not followed:
        return 0
    running = queries.running_stories(followed)
    unsent = set(
        Alert.objects.filter(
            status__in=[Alert.Status.WAITING, Alert.Status.QUEUED, Alert.Status.SENDING], fanned_out_at__isnull=True
        ).values_list("article_id", flat=True)
    )
    ended = [t for t in followed if t not in running and queries.story_id(t) not in unsent]
    if not ended:
        return 0
    with transaction.atomic():
        rows = SubscriptionTopic.objects.filter(topic__in=ended)
        browsers = set(rows.values_list("subscription_id", flat=True))
        removed, _counts_by_model = rows.delete()
        PushSubscription.objects.filter(pk__in=browsers).exclude(
            Exists(SubscriptionTopic.objects.filter(subscription=OuterRef("pk")))
        ).delete()
    logger.info("stopped following %d ended stor(ies): %d follow(s)", len(ended), removed)
    return removed
