"""Sending an edition: each address once, whichever worker sends it and however many die on the way.

How "once" holds (the idea of kabar.alerts.services, for mail):

1. The edition's content is frozen when its send starts (`Edition.resolved`, `rendered_html`,
   `rendered_text`), so a send taken up again mails what the first worker mailed.
2. One `EditionDelivery` row per (edition, address) is inserted before the first mail, with
   INSERT … SELECT … ON CONFLICT DO NOTHING: repeating it after a crash adds nothing.
3. A worker marks a batch of queued rows `sending` under its name and a lease, and commits that,
   before it opens the SMTP (or provider) conversation for any of them (FOR UPDATE SKIP LOCKED on
   PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock). No two workers hold a row.
4. The worker appends the row's id and message id to its **sent journal** at the moment the message
   becomes the server's: over SMTP, after the message's text and right before the lone "." that ends
   DATA (3 bytes, one system call); with a provider's API (anymail), when the API answers. One
   `write()` on a file in KABAR_NEWSLETTER_JOURNAL_DIR opened with O_APPEND, no database round trip:
   a write that returned is in the kernel's page cache, which a `kill -9` of the process does not
   lose. The batch's outcomes are committed together when it ends, and then the journal is emptied.
   (A server that refuses the message after the dot, or a dot that could not be written, gets a
   "refused" line after it.)
5. When a worker dies, its rows stay `sending` until its lease lapses. Whoever finds them then
   reads the dead worker's journal: rows in it were handed over and are marked sent; the others never
   got to the end of DATA, which an SMTP server discards when the connection drops, and are queued
   again.

Why right before the dot, and not at the server's "250": a server takes the message when it reads
the dot and goes on to store it (Postfix: a queue file and an fsync) whether or not the client lives
to read the reply. A journal written after the reply leaves that whole time, milliseconds per
message, in doubt; worse, a worker is most often paused by the scheduler exactly there, since its
write woke the server. Written before the dot, the line is in the journal before the server can
have the message, so anything that saw the message arrive (a kill triggered by the count at the
server, as in the benchmark) finds it recorded. What is left is the step from the journal's write()
to the dot's send(), two system calls with nothing in between and nobody woken: a worker killed in
those microseconds loses that one message (at-most-once for it; its row says sent). We take that
over the other order, where the window is wider and woken by the server's own activity, and every
hit is a reader's second copy. So a `kill -9` at 50 % of a send gives 0 duplicates and 0 missed,
counted at the server. With an API provider the in-doubt time is the API call itself (at most the
one message in flight, sent again: at-least-once there).
The journal must be on storage the recovering worker can read: the data directory of one machine,
or a shared volume when workers run on several; without it a dead worker's one batch
(KABAR_NEWSLETTER_BATCH_SIZE) is sent again instead.

Addresses unsubscribed or suppressed (bounce, complaint) are checked right before each batch and
skipped. A recipient the server refuses (4xx/5xx for that address) fails its own row and the
batch goes on, so a bounce storm from one domain does not stop the send; a lost connection puts
the rest of the batch back in the queue and opens a new one.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import smtplib
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from kabar.newsletters import rendering
from kabar.newsletters.models import Edition, EditionDelivery, NewsletterList, Subscription, Suppression

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
LEASE_SECONDS = 60.0
# A row whose worker died this many times while holding it is given up rather than tried again.
MAX_ATTEMPTS = 3
SLICE_SECONDS = 30.0
REFUSED = "!refused"

Status = EditionDelivery.Status


def batch_size() -> int:
    return int(getattr(settings, "KABAR_NEWSLETTER_BATCH_SIZE", BATCH_SIZE))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "KABAR_NEWSLETTER_LEASE_SECONDS", LEASE_SECONDS)))


def journal_dir() -> Path:
    configured = getattr(settings, "KABAR_NEWSLETTER_JOURNAL_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "newsletters" / "journal"


def worker_identity() -> str:
    # A file name as well (the journal's): no separators.
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}".replace("/", "_")


@dataclass
class SendReport:
    edition_id: int
    status: str
    recipients: int
    sent: int
    failed: int
    skipped: int
    queued: int
    more: bool = False


# --- who receives it ------------------------------------------------------------------------------


def recipients(newsletter: NewsletterList) -> QuerySet[Subscription]:
    """The subscriptions an edition goes to, by the list's rule (kabar.newsletters.queries.recipients)."""
    from kabar.newsletters import queries

    return queries.recipients(newsletter)


def fan_out(edition: Edition) -> int:
    """One queued delivery per recipient, made once (INSERT … SELECT … ON CONFLICT DO NOTHING)."""
    if edition.fanned_out_at is not None:
        return edition.recipients
    select, params = recipients(edition.newsletter).order_by().values_list("pk", "email").query.sql_with_params()
    quote = db.ops.quote_name
    table = quote(EditionDelivery._meta.db_table)
    # `WHERE 1 = 1`: without a WHERE, SQLite reads the ON of ON CONFLICT as a join's.
    sql = (
        f"INSERT INTO {table} (edition_id, subscription_id, email, status, message_id, attempts, claimed_by, error) "  # noqa: S608 - names are the model's, values are parameters
        f"SELECT %s, chosen.*, %s, '', 0, '', '' FROM ({select}) chosen WHERE 1 = 1 "
        "ON CONFLICT (edition_id, email) DO NOTHING"
    )
    now = timezone.now()
    with transaction.atomic():
        with db.cursor() as cursor:
            cursor.execute(sql, [edition.pk, Status.QUEUED, *params])
        total = EditionDelivery.objects.filter(edition=edition).count()
        Edition.objects.filter(pk=edition.pk, fanned_out_at__isnull=True).update(
            recipients=total, fanned_out_at=now, heartbeat_at=now
        )
    edition.refresh_from_db()
    logger.info("edition %s fanned out to %d address(es)", edition.pk, edition.recipients)
    return edition.recipients


# --- starting and finishing -----------------------------------------------------------------------


def freeze(edition: Edition, now: dt.datetime | None = None) -> None:
    """Resolve the automatic blocks and render the mail once; kept for every recipient and resume."""
    if edition.rendered_html:
        return
    now = now or timezone.now()
    resolved = rendering.resolve(edition, now)
    mail = rendering.render(edition, resolved, now=now)
    Edition.objects.filter(pk=edition.pk, rendered_html="").update(
        resolved=resolved, rendered_html=mail.html, rendered_text=mail.text
    )
    edition.refresh_from_db()


def start(edition: Edition) -> bool:
    """A scheduled (or just-sent) edition becomes SENDING: content frozen, deliveries made."""
    now = timezone.now()
    moved = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
        status=Edition.Status.SENDING, started_at=now, heartbeat_at=now
    )
    edition.refresh_from_db()
    if edition.status != Edition.Status.SENDING:
        return False
    freeze(edition, now)
    fan_out(edition)
    if moved:
        logger.info("edition %s started sending", edition.pk)
    return True


def finish_if_complete(edition: Edition) -> bool:
    if EditionDelivery.objects.filter(edition=edition, status__in=[Status.QUEUED, Status.SENDING]).exists():
        return False
    return bool(
        Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
            status=Edition.Status.SENT, sent_at=timezone.now(), heartbeat_at=None
        )
    )


def report(edition_id: int, more: bool = False) -> SendReport:
    edition = Edition.objects.get(pk=edition_id)
    counts = counts_by_status(edition)
    return SendReport(
        edition.pk,
        edition.status,
        edition.recipients,
        sent=sum(counts.get(s, 0) for s in (Status.SENT, Status.DELIVERED, Status.BOUNCED, Status.COMPLAINED)),
        failed=counts.get(Status.FAILED, 0),
        skipped=counts.get(Status.SKIPPED, 0),
        queued=counts.get(Status.QUEUED, 0) + counts.get(Status.SENDING, 0),
        more=more,
    )


def counts_by_status(edition: Edition) -> dict[str, int]:
    from django.db.models import Count

    rows = EditionDelivery.objects.filter(edition=edition).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


# --- the journal ----------------------------------------------------------------------------------


class Journal:
    """This worker's sent journal: one line per message a server accepted, emptied once recorded."""

    def __init__(self, holder: str) -> None:
        directory = journal_dir()
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{holder}.log"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def accepted(self, delivery_id: int, message_id: str) -> None:
        os.write(self.fd, f"{delivery_id}\t{message_id.replace(chr(10), ' ')}\n".encode())

    def refused(self, delivery_id: int) -> None:
        os.write(self.fd, f"{delivery_id}\t{REFUSED}\n".encode())

    def recorded(self) -> None:
        os.ftruncate(self.fd, 0)

    def close(self, *, keep: bool = False) -> None:
        """`keep`: the worker is stopping mid-batch (an exception); whoever recovers its rows reads it."""
        os.close(self.fd)
        if not keep:
            self.path.unlink(missing_ok=True)


def read_journal(holder: str) -> dict[int, str] | None:
    """What a (dead) worker's journal says was accepted; None when there is no journal to read."""
    path = journal_dir() / f"{holder}.log"
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return None
    accepted: dict[int, str] = {}
    for line in text.splitlines():
        number, _tab, message_id = line.partition("\t")
        if not number.isdigit():
            continue
        if message_id == REFUSED:
            accepted.pop(int(number), None)
        else:
            accepted[int(number)] = message_id
    return accepted


def recover_lapsed(edition_id: int, now: dt.datetime | None = None) -> int:
    """Rows a dead worker left `sending`: those its journal names were sent, the rest go back to the
    queue. Returns how many rows were settled."""
    now = now or timezone.now()
    settled = 0
    holders = list(
        EditionDelivery.objects.filter(edition_id=edition_id, status=Status.SENDING, claimed_until__lt=now)
        .values_list("claimed_by", flat=True)
        .distinct()
        .order_by()
    )
    for holder in holders:
        journal = read_journal(holder)
        with transaction.atomic():
            lapsed = EditionDelivery.objects.filter(
                edition_id=edition_id, status=Status.SENDING, claimed_by=holder, claimed_until__lt=now
            )
            if db.features.has_select_for_update_skip_locked:
                lapsed = lapsed.select_for_update(skip_locked=True)
            rows = list(lapsed.values_list("pk", "attempts"))
            if not rows:
                continue
            accepted = journal or {}
            sent = [EditionDelivery(pk=pk, status=Status.SENT, sent_at=now, message_id=accepted[pk], claimed_until=None)
                    for pk, _a in rows if pk in accepted]  # fmt: skip
            EditionDelivery.objects.bulk_update(sent, ["status", "sent_at", "message_id", "claimed_until"])
            unsent = [pk for pk, attempts in rows if pk not in accepted and attempts < MAX_ATTEMPTS]
            spent = [pk for pk, attempts in rows if pk not in accepted and attempts >= MAX_ATTEMPTS]
            EditionDelivery.objects.filter(pk__in=unsent).update(
                status=Status.QUEUED, claimed_by="", claimed_until=None
            )
            EditionDelivery.objects.filter(pk__in=spent).update(
                status=Status.FAILED, claimed_until=None, error="interrupted by a stopped worker, too often"
            )
            settled += len(rows)
            logger.warning(
                "edition %s: worker %s stopped mid-send; %d accepted per its journal, %d queued again%s",
                edition_id, holder, len(sent), len(unsent), "" if journal is not None else " (no journal found)",
            )  # fmt: skip
        # The dead worker writes no more; its journal has been read into the database.
        (journal_dir() / f"{holder}.log").unlink(missing_ok=True)
    return settled


# --- one batch ------------------------------------------------------------------------------------


def claim(edition_id: int, holder: str, limit: int) -> list[int]:
    """Mark up to `limit` queued rows `sending`, ours until the lease ends, each attempt counted."""
    now = timezone.now()
    with transaction.atomic():
        queued = EditionDelivery.objects.filter(edition_id=edition_id, status=Status.QUEUED).order_by("pk")
        if db.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:limit])
        if ids:
            EditionDelivery.objects.filter(pk__in=ids).update(
                status=Status.SENDING, attempts=F("attempts") + 1, claimed_by=holder, claimed_until=now + lease()
            )
        Edition.objects.filter(pk=edition_id).update(heartbeat_at=now)
    return ids


def sender(newsletter: NewsletterList) -> str:
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(
        (newsletter.sender_name or default_name or settings.SITE_NAME, newsletter.sender_email or default_address)
    )


def mail_domain(from_address: str) -> str:
    domain = parseaddr(from_address)[1].rpartition("@")[2]
    return domain or urlsplit(settings.BASE_URL).hostname or "localhost"


def message_id_for(edition_id: int, delivery_id: int, domain: str) -> str:
    # Derived from the row: the same for every attempt, so a mailbox can fold a resent copy into the first.
    return f"<newsletter.{edition_id}.{delivery_id}@{domain}>"


def build_message(
    edition: Edition,
    *,
    to: str,
    subscription: Subscription | None,
    message_id: str,
    connection: Any,
    subject: str | None = None,
    delivery_id: int | None = None,
) -> EmailMultiAlternatives:
    """The mail for one address: text and HTML parts, its own unsubscribe links and headers."""
    from kabar.newsletters import tokens

    newsletter = edition.newsletter
    preferences = tokens.preferences_url(to)
    unsubscribe = tokens.unsubscribe_url(subscription) if subscription is not None else preferences
    html_part = rendering.personalise(edition.rendered_html, unsubscribe, preferences)
    text_part = rendering.personalise(edition.rendered_text, unsubscribe, preferences)
    from_address = sender(newsletter)
    headers = {
        "Message-ID": message_id,
        "List-Id": f"{newsletter.name} <{newsletter.slug}.list.{mail_domain(from_address)}>",
    }
    if subscription is not None:
        one_click = tokens.one_click_unsubscribe_url(subscription)
        mailto = getattr(settings, "KABAR_NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
        headers["List-Unsubscribe"] = f"<{one_click}>" + (f", <mailto:{mailto}?subject=unsubscribe>" if mailto else "")
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject or edition.subject,
        body=text_part,
        from_email=from_address,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html_part, "text/html")
    # anymail passes these to the provider, and its tracking webhooks hand them back (ignored by SMTP).
    # kabar_delivery is what the events part (services.DELIVERY_METADATA) finds the row by.
    metadata = {"kabar_edition": str(edition.pk)}
    if delivery_id is not None:
        metadata["kabar_delivery"] = str(delivery_id)
    message.metadata = metadata  # type: ignore[attr-defined]
    message.tags = [f"newsletter-{newsletter.slug}"]  # type: ignore[attr-defined]
    return message


class EndOfData:
    """Over Django's SMTP backend, writes a message's journal line between the message and the lone
    "." that ends DATA. smtplib's data() sends the quoted message and the dot in one `send()`; this
    wrapper of that one connection's `send` splits it: the message (the server, waiting for the end
    of DATA, keeps nothing yet), then `before_dot()`, then the 3 bytes of the dot. If writing the dot
    fails, `dot_failed()` undoes the line. Other backends have no such moment (None)."""

    END = b"\r\n.\r\n"

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp
        self.real_send = smtp.send
        self.before_dot: Any = None
        self.dot_failed: Any = None
        smtp.send = self  # type: ignore[method-assign,assignment]  # the one seam smtplib's data() offers
        # The dot is a write of its own now: without TCP_NODELAY it waits for the server's delayed
        # ACK of the message (about 40 ms), which capped a send at about 22 messages a second.
        if smtp.sock is not None:
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __call__(self, data: bytes | str) -> None:
        if self.before_dot is None or not isinstance(data, bytes) or not data.endswith(self.END):
            self.real_send(data)
            return
        before_dot, dot_failed, self.before_dot, self.dot_failed = self.before_dot, self.dot_failed, None, None
        self.real_send(data[:-3])
        before_dot()
        try:
            self.real_send(data[-3:])
        except BaseException:
            dot_failed()
            raise

    @classmethod
    def on(cls, mail: Any) -> EndOfData | None:
        smtp = getattr(mail, "connection", None)
        if not isinstance(smtp, smtplib.SMTP):
            return None
        if isinstance(smtp.send, cls):
            return smtp.send
        return cls(smtp)


_CONNECTION_LOST = (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout, TimeoutError)


def _provider_message_id(message: EmailMultiAlternatives, fallback: str) -> str:
    status = getattr(message, "anymail_status", None)
    found = getattr(status, "message_id", None) if status is not None else None
    return str(found) if found else fallback


def _refusal(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
                 for code, reply in error.recipients.values()]  # fmt: skip
        return "; ".join(codes)[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {message}"[:300]
    return f"{type(error).__name__}: {error}"[:300]


@contextmanager
def _mail_connection() -> Iterator[Any]:
    mail = get_connection()
    try:
        yield mail
    finally:
        try:
            mail.close()
        except Exception:  # closing a connection that already broke
            logger.debug("closing the mail connection failed", exc_info=True)


def _record_sent(edition_id: int, domain: str, sent: list[EditionDelivery], now: dt.datetime) -> None:
    """One UPDATE for the rows whose message id is the one Kabar derived (every SMTP send); a
    bulk_update, whose CASE per row costs far more, only for ids a provider gave."""
    own = [row.pk for row in sent if row.message_id == message_id_for(edition_id, row.pk, domain)]
    EditionDelivery.objects.filter(pk__in=own).update(
        status=Status.SENT,
        sent_at=now,
        claimed_until=None,
        message_id=Concat(
            Value(f"<newsletter.{edition_id}."), Cast("pk", CharField()), Value(f"@{domain}>"), output_field=CharField()
        ),
    )
    recorded = set(own)
    given = [row for row in sent if row.pk not in recorded]
    for row in given:
        row.status, row.sent_at, row.claimed_until = Status.SENT, now, None
    EditionDelivery.objects.bulk_update(given, ["status", "sent_at", "message_id", "claimed_until"])


def send_batch(edition: Edition, holder: str, ids: list[int], journal: Journal) -> dict[str, int]:
    """Send the claimed rows `ids` on one connection and record what became of each."""
    counts = {"sent": 0, "failed": 0, "skipped": 0, "requeued": 0}
    rows = list(
        EditionDelivery.objects.filter(pk__in=ids, status=Status.SENDING, claimed_by=holder)
        .select_related("subscription")
        .order_by("pk")
    )
    # Right before the batch: whoever unsubscribed or was suppressed since the fan-out is skipped.
    emails = [row.email for row in rows]
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    skipped = {row.pk for row in rows if row.email in suppressed or (
        row.subscription is not None and row.subscription.status != Subscription.Status.ACTIVE)}  # fmt: skip
    domain = mail_domain(sender(edition.newsletter))
    sent: list[EditionDelivery] = []
    failed: list[EditionDelivery] = []
    requeue: list[int] = []
    renew_at = time.monotonic() + lease().total_seconds() / 3
    with _mail_connection() as mail:
        for index, row in enumerate(rows):
            if row.pk in skipped:
                continue
            if time.monotonic() > renew_at:
                EditionDelivery.objects.filter(pk__in=[r.pk for r in rows[index:]], claimed_by=holder).update(
                    claimed_until=timezone.now() + lease()
                )
                renew_at = time.monotonic() + lease().total_seconds() / 3
            message_id = message_id_for(edition.pk, row.pk, domain)
            message = build_message(edition, to=row.email, subscription=row.subscription, message_id=message_id,
                                    connection=mail, delivery_id=row.pk)  # fmt: skip
            handed: list[bool] = []

            def hand_over(row_id: int = row.pk, message_id: str = message_id, handed: list[bool] = handed) -> None:
                journal.accepted(row_id, message_id)
                handed.append(True)

            def take_back(row_id: int = row.pk, handed: list[bool] = handed) -> None:
                journal.refused(row_id)
                handed.clear()

            try:
                # Opened here, not by send(): Django's backends close a connection send() opened.
                mail.open()
                watch = EndOfData.on(mail)
                if watch is not None:
                    watch.before_dot, watch.dot_failed = hand_over, take_back
                message.send()
            except _CONNECTION_LOST as error:
                if handed:  # the dot went out before the line dropped: the server has it
                    row.message_id = message_id
                    sent.append(row)
                    index += 1
                logger.warning("edition %s: mail connection lost (%s); batch put back", edition.pk, error)
                requeue = [r.pk for r in rows[index:] if r.pk not in skipped]
                break
            except Exception as error:  # one recipient refused (4xx/5xx) or a provider's error for it
                if handed:
                    journal.refused(row.pk)
                row.error = _refusal(error)
                failed.append(row)
                continue
            provider_id = _provider_message_id(message, message_id)
            if not handed:  # no SMTP end of DATA to watch: recorded once the provider answered
                journal.accepted(row.pk, provider_id)
            row.message_id = provider_id
            sent.append(row)
    now = timezone.now()
    with transaction.atomic():
        _record_sent(edition.pk, domain, sent, now)
        for row in failed:
            row.status, row.claimed_until = Status.FAILED, None
        EditionDelivery.objects.bulk_update(failed, ["status", "error", "claimed_until"])
        EditionDelivery.objects.filter(pk__in=skipped).update(status=Status.SKIPPED, claimed_until=None)
        EditionDelivery.objects.filter(pk__in=requeue).update(status=Status.QUEUED, claimed_by="", claimed_until=None)
        Edition.objects.filter(pk=edition.pk).update(heartbeat_at=now)
    journal.recorded()
    counts.update(sent=len(sent), failed=len(failed), skipped=len(skipped), requeued=len(requeue))
    if failed:
        logger.info("edition %s: %d recipient(s) refused in this batch", edition.pk, len(failed))
    return counts


def send_edition(edition_id: int, *, batch: int | None = None, time_budget: float | None = None) -> SendReport:
    """Send an edition's queued deliveries batch after batch until none is left or the time budget
    is spent (then `more`: the task queues itself again). Safe to run in several workers at once and
    again after any crash."""
    edition = Edition.objects.select_related("newsletter").get(pk=edition_id)
    if edition.status == Edition.Status.SCHEDULED:
        start(edition)
    if edition.status != Edition.Status.SENDING:
        return report(edition_id)
    freeze(edition)
    fan_out(edition)
    deadline = None if time_budget is None else time.monotonic() + time_budget
    holder = worker_identity()
    journal = Journal(holder)
    more = False
    stalled = False
    try:
        while True:
            recover_lapsed(edition.pk)
            current = Edition.objects.filter(pk=edition.pk).values_list("status", flat=True).first()
            if current != Edition.Status.SENDING:  # cancelled mid-send
                break
            ids = claim(edition.pk, holder, batch or batch_size())
            if not ids:
                break
            counts = send_batch(edition, holder, ids, journal)
            if counts["requeued"] and not counts["sent"]:
                # The mail server cannot be reached: the clock's send_due_editions tries again later.
                stalled = True
                break
            if deadline is not None and time.monotonic() > deadline:
                more = True
                break
    except BaseException:
        journal.close(keep=True)
        raise
    journal.close()
    if stalled:
        return report(edition_id)
    # Rows still `sending` are another worker's in flight (it finishes the edition), or a dead one's
    # whose lease has not lapsed: the clock's send_due_editions takes those up once the heartbeat stops.
    if not more:
        finish_if_complete(edition)
    return report(edition_id, more)


def send_one(edition: Edition, to: str, *, subject: str) -> str:
    """A single mail of the edition (the editor's test), rendered now, not recorded as a delivery."""
    mail = rendering.render(edition)
    # A copy: the edition's own frozen parts are made when its real send starts, not by a test.
    edition = copy.copy(edition)
    edition.rendered_html, edition.rendered_text = mail.html, mail.text
    message_id = f"<newsletter.{edition.pk}.test.{uuid.uuid4().hex[:12]}@{mail_domain(sender(edition.newsletter))}>"
    with _mail_connection() as connection:
        build_message(edition, to=to, subscription=None, message_id=message_id, connection=connection,
                      subject=subject).send()  # fmt: skip
    return message_id
