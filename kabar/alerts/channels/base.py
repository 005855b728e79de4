"""The one interface every alert channel implements, and the types it speaks in.

A channel is one way an alert leaves Kabar: Web Push to readers' browsers, signed JSON to the
publication's bots, and whatever comes next. The delivery engine (kabar.alerts.services) does
what is the same on every channel (making one row per recipient once, claiming rows in batches,
retrying with back-off, counting, stopping a cancelled alert), so a channel only says

- who an alert goes to: `recipients`, a one-column query of the recipients' primary keys;
- where its deliveries are kept: `delivery_model`, an AbstractDelivery with a foreign key `alert`,
  one to the recipient named `target_field`, and a unique constraint on the two;
- what every recipient of one alert gets: `message`, built once per send;
- how it goes to one recipient: `send`, a coroutine answering with an Outcome.

A channel never writes a delivery row. That is how exactly-once and the retry rules stay the
engine's, the same on every channel.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise

if TYPE_CHECKING:
    import aiohttp
    from django.db.models import QuerySet

    from kabar.alerts.models import AbstractDelivery, Alert

OutcomeKind = Literal["sent", "retry", "expired", "failed"]

# Longer waits than this are capped: a push service asking for an hour is treated as an hour.
MAX_RETRY_AFTER = 3600.0

# The engine's bookkeeping on every delivery row (AbstractDelivery), besides `alert` and the recipient.
DELIVERY_FIELDS = ("status", "attempts", "next_attempt_at", "claimed_by", "claimed_until", "last_status", "error")


@dataclass(frozen=True)
class Outcome:
    """What one try at one recipient came to.

    sent: delivered. retry: try again later, no sooner than `retry_after` seconds. expired: the
    recipient is gone for good (the channel's `forget` is told). failed: given up on.
    """

    kind: OutcomeKind
    status: int | None = None
    retry_after: float | None = None
    error: str = ""


@dataclass(frozen=True)
class Recipient:
    """One claimed delivery: of which alert, to whom, after how many tries, and the recipient's
    `address_fields` as they were read with the claim (an endpoint and keys, a URL and a secret)."""

    alert_id: int
    delivery_id: int
    target_id: int
    attempts: int
    address: Mapping[str, Any] = field(default_factory=dict)


class ChannelError(Exception):
    """A channel Kabar cannot use as it is declared: its name taken, its rows not delivery rows."""


class UnknownChannel(ChannelError, LookupError):
    """No registered channel has that name."""


MessageT = TypeVar("MessageT")


class Channel(ABC, Generic[MessageT]):
    """One way alerts go out. Subclass it, set the class attributes, implement the three methods,
    and list the class in kabar.alerts.channels.CHANNELS."""

    # Stable: it names the channel in logs and in errors kept on delivery rows.
    name: ClassVar[str] = ""
    verbose_name: ClassVar[str | Promise] = ""
    delivery_model: ClassVar[type[AbstractDelivery]]
    target_field: ClassVar[str] = ""
    # Fields of the recipient that `send` needs; read in the same query that fetches a claimed batch.
    address_fields: ClassVar[tuple[str, ...]] = ()
    # True when its deliveries are readers reached, the alert's total/sent/failed/expired (and so
    # pruned a month later, the alert keeping the counts). False for a few configured recipients
    # the editor sees one by one, such as the webhooks.
    counted_on_alert: ClassVar[bool] = False
    # The most deliveries marked sending at once, and so sent again after a worker dies mid-send;
    # None: the send's batch size (KABAR_PUSH_BATCH_SIZE).
    batch_size: ClassVar[int | None] = None

    @abstractmethod
    def recipients(self, alert: Alert) -> QuerySet[Any]:
        """The primary keys of everyone `alert` goes to on this channel, as a values_list() of one
        field: the engine inserts the pending deliveries from it in one INSERT … SELECT."""

    @abstractmethod
    def message(self, alert: Alert) -> MessageT:
        """What every recipient of `alert` gets, built once per send and shared by all its sends.

        An exception here leaves this channel out for the rest of the send, its deliveries pending
        and their attempts unspent (the fault is configuration, not the recipients'): resume_alerts
        tries again later.
        """

    @abstractmethod
    async def send(self, session: aiohttp.ClientSession, message: MessageT, recipient: Recipient) -> Outcome:
        """Deliver `message` to one recipient over the shared pooled `session`; never touch the database.

        Answer with an Outcome rather than raising: an exception counts as a retry (and, after the
        last attempt, a failure) of that one delivery.
        """

    def forget(self, target_ids: Sequence[int]) -> None:
        """Recipients whose delivery came back "expired", gone for good. Called inside the
        transaction that records them; by default they are kept (configuration is not deleted
        because a receiver answered 410)."""

    @classmethod
    def check(cls) -> None:
        """Refuse a channel the engine could not drive, before anything is sent through it."""
        if not cls.name:
            raise ChannelError(f"{cls.__qualname__} has no name")
        model = getattr(cls, "delivery_model", None)
        if model is None:
            raise ChannelError(f"channel {cls.name!r} has no delivery_model")
        try:
            for name in ("alert", cls.target_field, *DELIVERY_FIELDS):
                model._meta.get_field(name)
            target = model._meta.get_field(cls.target_field).related_model
            if target is None:
                raise ChannelError(f"channel {cls.name!r}: {cls.target_field!r} is not a foreign key")
            for name in cls.address_fields:
                target._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise ChannelError(f"channel {cls.name!r}: {error}") from error


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def outcome_for_status(status: int, retry_after: str | None, *, gone_is_expired: bool) -> Outcome:
    """What an HTTP answer means for a delivery.

    2xx: delivered. 404/410: the subscription is gone (a push service's word for "unsubscribed").
    429 and 5xx: try again later, no sooner than Retry-After. Redirects are never followed: a push
    service has no reason to send one, and following it would let a reader's endpoint steer Kabar.
    """
    if 200 <= status < 300:
        return Outcome("sent", status)
    if status in {404, 410}:
        return Outcome("expired" if gone_is_expired else "failed", status, error=f"HTTP {status}: gone")
    if status == 429 or status >= 500:
        return Outcome("retry", status, parse_retry_after(retry_after), f"HTTP {status}")
    if 300 <= status < 400:
        return Outcome("failed", status, error=f"HTTP {status}: redirect not followed")
    return Outcome("failed", status, error=f"HTTP {status}")
