"""Writes on the wire desk: ingesting agency documents, polling feeds and drop folders, "Buat artikel".

Ingesting is idempotent and safe under concurrency: the database's unique constraints (one item
per feed and agency identifier, one row per item version) decide every race, each item is
written in a savepoint of its own, and a lost race is retried, so the same batch ingested by
many workers at once leaves exactly one item and one row per version. Drop folders and imports
store many documents per transaction (CommitGroup) and move a file only after its group commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    close_old_connections,
    connection,
    connections,
    models,
    transaction,
)
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage, SectionPage
from kabar.core import hooks as kabar_hooks
from kabar.sources.models import Source
from kabar.wire import bodies, fetching, search_index, truncation
from kabar.wire.models import (
    PubStatus,
    WireArticle,
    WireFeed,
    WireItem,
    WireItemVersion,
    WireRefusal,
    WireSearchEntry,
)
from kabar.wire.parsers import ParsedDocument, ParsedItem, ParseError, documents_language, parse_document
from kabar.wire.parsers.base import clip, storable_text

logger = logging.getLogger(__name__)
T = TypeVar("T")

NEW, UPDATED, UNCHANGED, REFUSED = "new", "updated", "unchanged", "refused"
INGEST_ATTEMPTS = 5
MAX_BACKOFF = dt.timedelta(hours=6)
DROP_FOLDER_SKIPPED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".filepart")
PROCESSED, FAILED = "processed", "failed"
KEPT_REFUSALS = 1000
INCOMPLETE = "incomplete: the document ends before it is finished (cut off, or still being written)"
CUT_FEED_NOTE = "the feed ends before its root element closes: its last, incomplete entry was left out"
# The audit trail (label in wagtail_hooks.py): an item sent to another desk (a live report's draft update).
ITEM_SENT = "kabar.wire_item_sent"


@dataclass(frozen=True)
class ItemOutcome:
    status: str
    agency_uri: str
    reason: str = ""
    item_id: int | None = None


@dataclass
class IngestReport:
    format: str
    outcomes: list[ItemOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def summary(self) -> str:
        return (
            f"{self.count(NEW)} new, {self.count(UPDATED)} updated, "
            f"{self.count(UNCHANGED)} unchanged, {self.count(REFUSED)} refused"
        )


# --- ingesting ------------------------------------------------------------------------------


def ingest_document(feed: WireFeed, data: bytes, content_type: str = "", *, source: str = "") -> IngestReport:
    """Every item of an agency document, as new, updated, unchanged or refused with its reason.

    Raises ParseError when the document as a whole cannot be read (nothing is ingested then).
    Refused items are recorded on the feed with their reason, `source` (a file or URL) naming
    where they came from.
    """
    document = read_document(data, content_type)
    report = IngestReport(format=document.format, notes=list(document.notes))
    for refusal in document.refused:
        report.outcomes.append(ItemOutcome(REFUSED, refusal.agency_uri, f"item {refusal.position}: {refusal.reason}"))
    # One transaction per document (one wait for the disk on PostgreSQL, which agencies sending one item
    # per file would otherwise pay twice per item); each item's own block is a savepoint. Inside a
    # CommitGroup this is the document's savepoint: whatever fails in it undoes this document alone.
    with transaction.atomic():
        _store_document(feed, document, report)
        record_refusals(feed, source, [(o.agency_uri, o.reason) for o in report.outcomes if o.status == REFUSED])
    return report


def _store_document(feed: WireFeed, document: ParsedDocument, report: IngestReport) -> None:
    known = _known_versions(feed, document.items)
    held = {uri for uri, _checksum in known}
    outcomes: list[ItemOutcome | None] = []
    # Items the feed has never sent are written together, in one transaction (_store_new); updates,
    # and a second copy of an item in the same document, one by one after them.
    fresh: list[tuple[int, ParsedItem, dict[str, Any], str]] = []
    later: list[tuple[int, ParsedItem, dict[str, Any], str]] = []
    for parsed in document.items:
        content = parsed.content()
        checksum = parsed.checksum(content)
        if (parsed.agency_uri, checksum) in known:
            # Most of a polled feed is what it was last time: nothing to write for those.
            outcomes.append(ItemOutcome(UNCHANGED, parsed.agency_uri, item_id=known[parsed.agency_uri, checksum]))
            continue
        (later if parsed.agency_uri in held else fresh).append((len(outcomes), parsed, content, checksum))
        held.add(parsed.agency_uri)
        outcomes.append(None)
    stored = _store_new(feed, [(parsed, content, checksum) for _position, parsed, content, checksum in fresh])
    if stored is None:
        # Another worker took one of these items first, or one item cannot be stored: one by one,
        # so the race is settled item by item and only an unstorable item is refused.
        stored = [
            _ingest_or_refuse(feed, parsed, content, checksum, probably_new=True)
            for _p, parsed, content, checksum in fresh
        ]
    for (position, *_rest), outcome in zip(fresh, stored, strict=True):
        outcomes[position] = outcome
    for position, parsed, content, checksum in later:
        outcomes[position] = _ingest_or_refuse(feed, parsed, content, checksum, probably_new=False)
    report.outcomes += [outcome for outcome in outcomes if outcome is not None]
    _count(feed, report)


def read_document(data: bytes, content_type: str = "") -> ParsedDocument:
    """The parsed document; ParseError, with the reason, for anything that keeps it from being read.

    A parser meeting what nobody foresaw (a JSON number of 5,000 digits, a recursion limit) must
    refuse this document, not stop the import or the drop folder it came in.
    """
    complete = truncation.complete_entries(data)
    try:
        document = parse_document(complete, content_type)
    except ParseError as error:
        if truncation.is_incomplete(data):
            raise ParseError(f"{INCOMPLETE}: {describe(error)}") from error
        raise
    except Exception as error:
        logger.warning("wire document refused: %s", describe(error), exc_info=True)
        if truncation.is_incomplete(data):
            raise ParseError(f"{INCOMPLETE}: {describe(error)}") from error
        raise ParseError(f"unreadable: {describe(error)}") from error
    if complete is not data:
        document.notes.append(CUT_FEED_NOTE)
    return document


def describe(error: BaseException) -> str:
    """An exception as one printable line for a refusal: its kind and its message."""
    message = storable_text(str(error)).encode("utf-8", "backslashreplace").decode("utf-8")
    return clip(f"{type(error).__name__}: {message}" if message else type(error).__name__, 1000)


def _ingest_or_refuse(
    feed: WireFeed, parsed: ParsedItem, content: dict[str, Any], checksum: str, *, probably_new: bool
) -> ItemOutcome:
    """ingest_item, with anything that fails while storing this one item made its refusal."""
    try:
        return ingest_item(feed, parsed, content, checksum, probably_new=probably_new)
    except Exception as error:  # the next item, and the next document, must still be read
        logger.warning("wire item %s of feed %s could not be stored", parsed.agency_uri, feed.pk, exc_info=True)
        return ItemOutcome(REFUSED, parsed.agency_uri, f"could not be stored: {describe(error)}")


def record_refusals(feed: WireFeed, source: str, refusals: list[tuple[str, str]]) -> None:
    """Keep each refusal's reason where the desk shows it (and in the log, for whoever reads the worker's).

    Recording never stops an import: a failure here is logged and the refusals are still in the report.
    """
    if not refusals:
        return
    for agency_uri, reason in refusals:
        logger.warning("wire feed %s refused %s from %s: %s", feed.pk, agency_uri or "a document", source, reason)
    try:
        with transaction.atomic():
            WireRefusal.objects.bulk_create(
                [
                    WireRefusal(
                        feed=feed,
                        source=clip(storable_text(source), 1000),
                        agency_uri=clip(storable_text(agency_uri), 500),
                        reason=storable_text(reason)[:5000],
                    )
                    for agency_uri, reason in refusals
                ]
            )
            # A feed refusing everything for months must not fill the database: the newest are kept.
            oldest_kept = (
                WireRefusal.objects.filter(feed=feed)
                .order_by("-pk")
                .values_list("pk", flat=True)[KEPT_REFUSALS - 1 : KEPT_REFUSALS]
            )
            if oldest_kept:
                WireRefusal.objects.filter(feed=feed, pk__lt=oldest_kept[0]).delete()
    except DatabaseError:
        logger.exception("could not record %d refusals of wire feed %s", len(refusals), feed.pk)


def _known_versions(feed: WireFeed, items: list[ParsedItem]) -> dict[tuple[str, str], int]:
    """(agency identifier, checksum) of every version already held of these items, with the item's id."""
    known: dict[tuple[str, str], int] = {}
    uris = sorted({item.agency_uri for item in items})
    # Plain SQL: this runs for every document, and the ORM took longer to build the query than the
    # database to answer it (the unique index on feed and identifier).
    # The feed as a sub-select, whose value PostgreSQL's planner cannot see: for a feed its statistics do
    # not know yet (new, or grown since the last ANALYZE) it expected one row and read every item of the
    # feed through the feed's own index, so each document cost more than the last (issue 22).
    sql = (
        f"SELECT i.agency_uri, v.checksum, v.item_id FROM {WireItemVersion._meta.db_table} v "  # noqa: S608 - table names only
        f"JOIN {WireItem._meta.db_table} i ON i.id = v.item_id WHERE i.feed_id = (SELECT %s) AND i.agency_uri IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(uris), 500):
            chunk = uris[start : start + 500]
            cursor.execute(sql + f"({', '.join(['%s'] * len(chunk))})", [feed.pk, *chunk])
            known.update({(uri, checksum): item_id for uri, checksum, item_id in cursor.fetchall()})
    return known


def _count(feed: WireFeed, report: IngestReport) -> None:
    """The feed's counters, in plain SQL for the same reason as _known_versions."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {WireFeed._meta.db_table} SET items_seen = items_seen + %s, items_new = items_new + %s, "  # noqa: S608 - table name only
            "items_updated = items_updated + %s, items_refused = items_refused + %s WHERE id = %s",
            [len(report.outcomes), report.count(NEW), report.count(UPDATED), report.count(REFUSED), feed.pk],
        )


def _store_new(feed: WireFeed, fresh: list[tuple[ParsedItem, dict[str, Any], str]]) -> list[ItemOutcome] | None:
    """Items the feed has never sent, with their first versions and search entries, in one transaction and a
    few INSERTs whatever their number; None (and nothing stored) if any of them cannot be stored."""
    if not fresh:
        return []
    items = []
    for parsed, content, _checksum in fresh:
        item = WireItem(feed=feed, agency_uri=parsed.agency_uri, version=1)
        _apply(item, parsed, content, previous_status=None)
        items.append(item)
    try:
        with transaction.atomic():
            insert_rows(items)
            insert_rows(
                [
                    _version(item, parsed, content, checksum)
                    for item, (parsed, content, checksum) in zip(items, fresh, strict=True)
                ]
            )
            insert_rows([search_index.entry_for(item) for item in items])
    except Exception:  # a lost race (IntegrityError) or one bad item: the caller goes one by one
        logger.info("wire feed %s: %d new items not stored together; storing them one by one", feed.pk, len(items))
        return None
    for item, (parsed, _content, _checksum) in zip(items, fresh, strict=True):
        if parsed.is_kill:
            logger.warning(
                "wire item %s (%s) was killed by the agency; articles made from it: []", item.pk, item.agency_uri
            )
    return [ItemOutcome(NEW, item.agency_uri, item_id=item.pk) for item in items]


PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def insert_rows(rows: Sequence[models.Model]) -> None:
    """INSERT `rows`, all of one model, in as few statements as the database takes, and set their ids.

    What bulk_create does, without its machinery around each call: for the one-item documents many
    agencies send, that machinery cost more than the database's work.
    """
    if not rows:
        return
    meta = rows[0]._meta
    auto = meta.auto_field
    fields = [f for f in meta.concrete_fields if f is not auto]
    # Text, numbers and references go to the database as they are; dates and JSON need converting.
    plain = {f for f in fields if isinstance(f, PLAIN_FIELDS)}
    # The connection itself, not django.db.connection: every attribute of that proxy is a thread-local lookup.
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "  # noqa: S608 - names only
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(auto.column)}" if auto is not None else ""
    per_statement = max(1, 999 // len(fields))  # SQLite's smallest limit on parameters per statement
    with db.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                getattr(obj, f.attname) if f in plain else f.get_db_prep_save(f.pre_save(obj, True), db)
                for obj in chunk
                for f in fields
            ]
            cursor.execute(head + ", ".join([row] * len(chunk)) + tail, params)
            if auto is not None:
                for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    setattr(obj, auto.attname, pk)
            for obj in chunk:
                obj._state.adding, obj._state.db = False, db.alias


def ingest_item(
    feed: WireFeed,
    parsed: ParsedItem,
    content: dict[str, Any] | None = None,
    checksum: str = "",
    *,
    probably_new: bool = False,
) -> ItemOutcome:
    """One parsed item into the desk, in a transaction of its own, retried when another worker won a race.

    `probably_new` skips looking the item up on the first try: the unique constraint still catches
    an item that exists after all, and the retry then looks it up.
    """
    content = content if content is not None else parsed.content()
    checksum = checksum or parsed.checksum(content)
    for attempt in range(INGEST_ATTEMPTS):
        try:
            with transaction.atomic():
                return _ingest_locked(feed, parsed, content, checksum, look_up=not (probably_new and attempt == 0))
        except IntegrityError:
            # Another worker created this item or this version first: read again and decide again.
            logger.debug("wire item %s: lost a race (attempt %d), retrying", parsed.agency_uri, attempt + 1)
    return ItemOutcome(REFUSED, parsed.agency_uri, "could not be stored after repeated conflicts; will be retried")


def _ingest_locked(
    feed: WireFeed, parsed: ParsedItem, content: dict[str, Any], checksum: str, *, look_up: bool = True
) -> ItemOutcome:
    item = None
    if look_up:
        # The feed as a sub-select, for the reason given in _known_versions.
        item = (
            WireItem.objects.select_for_update()
            .filter(feed_id=RawSQL("SELECT %s", [feed.pk]), agency_uri=parsed.agency_uri)
            .first()
        )
    if item is None:
        item = WireItem(feed=feed, agency_uri=parsed.agency_uri, version=1)
        _apply(item, parsed, content, previous_status=None)
        item.save()
        _add_version(item, parsed, content, checksum)
        search_index.add_entries([item])
        _log_kill(item, parsed)
        return ItemOutcome(NEW, parsed.agency_uri, item_id=item.pk)
    verdict, reason = _compare(item, parsed, checksum)
    if verdict != UPDATED:
        return ItemOutcome(verdict, parsed.agency_uri, reason, item_id=item.pk)
    previous_status = item.pubstatus
    item.version += 1
    _apply(item, parsed, content, previous_status=previous_status)
    _add_version(item, parsed, content, checksum)
    item.save()
    search_index.replace_entry(item)
    _log_kill(item, parsed)
    return ItemOutcome(UPDATED, parsed.agency_uri, item_id=item.pk)


def _compare(item: WireItem, parsed: ParsedItem, checksum: str) -> tuple[str, str]:
    """Whether `parsed` is newer than what the item holds: a higher agency version, else a newer versionCreated."""
    if item.versions.filter(checksum=checksum).exists():
        return UNCHANGED, ""
    if parsed.is_kill:
        # Agencies often kill a story under the very version number and time of the story itself:
        # a kill or withdrawal is applied whatever it says about versions.
        return UPDATED, ""
    incoming, held = parsed.agency_version_number, (int(item.agency_version) if item.agency_version.isdigit() else None)
    if incoming is not None and held is not None and incoming != held:
        if incoming > held:
            return UPDATED, ""
        return UNCHANGED, f"version {incoming} is older than version {held} already held"
    if parsed.version_created and item.version_created:
        if parsed.version_created > item.version_created:
            return UPDATED, ""
        if parsed.version_created < item.version_created:
            return UNCHANGED, "older than the version already held"
    if incoming is not None and incoming == held:
        return REFUSED, f"version {incoming} was already received with different content and no newer time"
    # No version numbers and no newer time (RSS): changed content is the only sign of an update.
    return UPDATED, ""


def _apply(item: WireItem, parsed: ParsedItem, content: dict[str, Any], previous_status: str | None) -> None:
    item.agency_version = clip(parsed.agency_version, 50)
    item.version_created = parsed.version_created
    # Clipped to their columns whatever the parser did: PostgreSQL refuses a longer value (SQLite
    # keeps it), and an agency's overlong place or byline must not cost the desk the story.
    item.headline = clip(parsed.headline, 500)
    item.item_type = parsed.item_type
    item.summary = parsed.summary
    item.urgency = parsed.urgency
    # A "language" longer than any language tag is not one.
    item.language = (parsed.language if len(parsed.language) <= 20 else "") or item.feed.language
    item.located = clip(parsed.located, 200)
    item.dateline = clip(parsed.dateline, 300)
    item.byline = clip(parsed.byline, 300)
    item.ednote = parsed.ednote
    item.body_html = parsed.body_html
    # A link cut short would lead nowhere: one longer than the column is not kept.
    item.link = parsed.link if len(parsed.link) <= 1000 else ""
    item.photos = content["photos"]
    item.subjects = parsed.subjects
    item.notes = parsed.notes
    item.embargoed_until = parsed.embargoed_until
    if parsed.is_kill:
        item.pubstatus = parsed.pubstatus if parsed.pubstatus != PubStatus.USABLE else PubStatus.CANCELED
        item.killed_at = item.killed_at or timezone.now()
    else:
        item.pubstatus = parsed.pubstatus
        # A withheld story may be released again; a canceled one stays killed.
        if previous_status == PubStatus.WITHHELD:
            item.killed_at = None


def _add_version(item: WireItem, parsed: ParsedItem, content: dict[str, Any], checksum: str) -> None:
    _version(item, parsed, content, checksum).save()


def _version(item: WireItem, parsed: ParsedItem, content: dict[str, Any], checksum: str) -> WireItemVersion:
    return WireItemVersion(
        item=item,
        version=item.version,
        agency_version=clip(parsed.agency_version, 50),
        version_created=parsed.version_created,
        content=content,
        checksum=checksum,
    )


def _log_kill(item: WireItem, parsed: ParsedItem) -> None:
    if parsed.is_kill:
        made = list(item.made_articles.values_list("article_id", flat=True))
        logger.warning(
            "wire item %s (%s) was killed by the agency; articles made from it: %s", item.pk, item.agency_uri, made
        )


# --- polling --------------------------------------------------------------------------------


@dataclass
class PollResult:
    feed: WireFeed
    ok: bool
    message: str
    report: IngestReport | None = None
    not_modified: bool = False

    def line(self) -> str:
        state = "ok" if self.ok else "error"
        return f"{self.feed.name}: {state}: {self.message}"


def backoff_delay(feed: WireFeed, failures: int) -> dt.timedelta:
    """The wait before the next try: the interval, doubled for each failure in a row, at most six hours."""
    interval = max(int(feed.poll_interval_seconds), 1)
    return min(
        dt.timedelta(seconds=interval * (2 ** min(failures, 20))), max(MAX_BACKOFF, dt.timedelta(seconds=interval))
    )


def poll_feed(feed: WireFeed) -> PollResult:
    """Fetch and ingest one feed once, recording success or failure on it. Never raises."""
    try:
        result = _poll_drop_folder(feed) if feed.kind == WireFeed.Kind.DROP_FOLDER else _poll_url(feed)
    except Exception as error:  # a feed's failure must never stop the clock or the other feeds
        logger.exception("polling wire feed %s failed", feed.pk)
        result = PollResult(feed, False, f"unexpected error: {error}")
    try:
        _record(feed, result)
    except Exception:
        logger.exception("could not record the poll of wire feed %s", feed.pk)
    return result


def _poll_url(feed: WireFeed) -> PollResult:
    try:
        fetched = fetching.fetch(
            feed.url,
            headers=fetching.auth_headers(feed),
            etag=feed.etag,
            last_modified=feed.last_modified,
            allow_private_network=feed.allow_private_network,
        )
    except fetching.FetchError as error:
        return PollResult(feed, False, str(error))
    if fetched.not_modified:
        return PollResult(feed, True, "not modified", not_modified=True)
    try:
        report = ingest_document(feed, fetched.body, fetched.content_type, source=fetched.url)
    except ParseError as error:
        record_refusals(feed, fetched.url, [("", str(error))])
        return PollResult(feed, False, f"unreadable document: {error}")
    feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    return PollResult(feed, True, report.summary(), report=report)


def _record(feed: WireFeed, result: PollResult) -> None:
    now = timezone.now()
    if result.ok:
        WireFeed.objects.filter(pk=feed.pk).update(
            last_polled_at=now,
            last_success_at=now,
            consecutive_failures=0,
            next_poll_at=now + backoff_delay(feed, 0),
            etag=clip(feed.etag, 500) if feed.kind != WireFeed.Kind.DROP_FOLDER else "",
            last_modified=clip(feed.last_modified, 100) if feed.kind != WireFeed.Kind.DROP_FOLDER else "",
        )
    else:
        failures = WireFeed.objects.filter(pk=feed.pk).values_list("consecutive_failures", flat=True).first() or 0
        WireFeed.objects.filter(pk=feed.pk).update(
            last_polled_at=now,
            last_error=storable_text(result.message)[:2000],
            last_error_at=now,
            consecutive_failures=failures + 1,
            next_poll_at=now + backoff_delay(feed, failures + 1),
        )


def due_feeds(now: dt.datetime | None = None) -> list[WireFeed]:
    from django.db.models import Q

    now = now or timezone.now()
    return list(
        WireFeed.objects.filter(enabled=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .select_related("agency")
        .order_by("next_poll_at", "pk")
    )


def make_all_feeds_due() -> int:
    """`kabar wire poll --all`: every enabled feed is due now."""
    return WireFeed.objects.filter(enabled=True).update(next_poll_at=timezone.now())


def _claim(feed: WireFeed, now: dt.datetime) -> bool:
    """Take the feed for this poll, so a second process polling at the same moment skips it."""
    hold = now + dt.timedelta(seconds=fetching.fetch_timeout() * 3 + 60)
    claimed = WireFeed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(next_poll_at=hold)
    return bool(claimed)


def poll_due_feeds(workers: int | None = None) -> list[PollResult]:
    """Poll every enabled feed that is due, a few at a time; one failing feed never stops the others.

    The worker's clock runs this every 30 seconds (KABAR_PERIODIC_JOBS).
    """
    now = timezone.now()
    feeds = [feed for feed in due_feeds(now) if _claim(feed, now)]
    workers = workers or int(getattr(settings, "KABAR_WIRE_POLL_WORKERS", 4))
    if workers <= 1 or len(feeds) <= 1:
        return [poll_feed(feed) for feed in feeds]

    def poll_in_thread(feed: WireFeed) -> PollResult:
        try:
            return poll_feed(feed)
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kabar-wire-poll") as pool:
        return list(pool.map(poll_in_thread, feeds))


# --- drop folders and imports ---------------------------------------------------------------


@dataclass
class FileResult:
    path: Path
    report: IngestReport | None = None
    error: str = ""
    # A drop-folder file still being written, or cut off while fresh: left for the next poll.
    waiting: bool = False

    def line(self) -> str:
        if self.waiting:
            return printable(f"{self.path}: waiting: {self.error}")
        if self.report is None:
            return printable(f"{self.path}: refused: {self.error}")
        lines = [f"{self.path}: {self.report.format}: {self.report.summary()}"]
        lines += [
            f"  refused {o.agency_uri or '(no identifier)'}: {o.reason}"
            for o in self.report.outcomes
            if o.status == REFUSED
        ]
        lines += [f"  note: {note}" for note in self.report.notes]
        return printable("\n".join(lines))


def printable(text: str) -> str:
    """`text` that any output encodes: a file name's undecodable bytes shown as escapes, not a crash."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        counted = sum(f.report.count(status) for f in self.files if f.report is not None)
        if status == REFUSED:
            counted += sum(1 for f in self.files if f.report is None and not f.waiting)
        return counted

    def summary(self) -> str:
        return (
            f"imported: {self.count(NEW)} new, {self.count(UPDATED)} updated, "
            f"{self.count(UNCHANGED)} unchanged, {self.count(REFUSED)} refused"
        )


GROUP_DOCUMENTS = 200
GROUP_SECONDS = 1.0


class CommitGroup:
    """Documents stored in one transaction, each in a savepoint of its own, and what waits for their commit.

    On PostgreSQL every commit waits for the disk: an agency sending one item per file would pay that wait
    for every item. A group commits after GROUP_DOCUMENTS documents or GROUP_SECONDS of work, whichever
    comes first, and only then runs what was left for after the commit (a drop folder moving its files),
    so a crash never leaves in processed/ a file whose items were not committed: the folder still holds
    it, and reading it again adds nothing twice. A document that fails undoes only its own savepoint.
    """

    def __init__(self, max_documents: int = GROUP_DOCUMENTS, max_seconds: float = GROUP_SECONDS) -> None:
        self.max_documents, self.max_seconds = max_documents, max_seconds
        self.commits = 0
        self._transaction: ExitStack | None = None
        self._opened_at = 0.0
        self._documents = 0
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> CommitGroup:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is None:
            self.commit()
            return
        # Rolled back, and nothing that waited for the commit is done: the files stay where they were.
        pending, self._transaction, self._after_commit = self._transaction, None, []
        if pending is not None:
            pending.__exit__(kind, error, trace)

    def store(self, ingest: Callable[[], T]) -> T:
        """`ingest()`, one document whose writes keep to a savepoint of their own, in the group's transaction."""
        if self._transaction is not None and (
            self._documents >= self.max_documents or time.monotonic() - self._opened_at >= self.max_seconds
        ):
            self.commit()
        if self._transaction is None:
            self._transaction = ExitStack()
            self._transaction.enter_context(transaction.atomic())
            self._opened_at, self._documents = time.monotonic(), 0
        self._documents += 1
        return ingest()

    def after_commit(self, action: Callable[[], None]) -> None:
        """`action()` once what was stored so far is committed."""
        if self._transaction is None:
            action()
        else:
            self._after_commit.append(action)

    def commit(self) -> None:
        pending, self._transaction = self._transaction, None
        actions, self._after_commit = self._after_commit, []
        if pending is not None:
            pending.close()  # COMMIT; if it fails, the error goes up and no action runs
            self.commits += 1
        for action in actions:
            action()


def ingest_file(feed: WireFeed, path: Path, *, wait_if_incomplete: bool = False) -> FileResult:
    """One file into the feed; never raises: whatever goes wrong is the file's refusal, recorded with its name.

    `wait_if_incomplete`: a file that ends before its document does is left alone (a drop folder's
    upload still under way) instead of refused.
    """
    try:
        size = path.stat().st_size
        limit = int(getattr(settings, "KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))
        if size > limit:
            result = FileResult(path, error=f"the file is {size} bytes, over the {limit}-byte limit")
        else:
            data = path.read_bytes()
            if wait_if_incomplete and truncation.is_incomplete(data):
                return FileResult(path, error=INCOMPLETE, waiting=True)
            return FileResult(path, report=ingest_document(feed, data, source=_file_name(path)))
    except ParseError as error:
        result = FileResult(path, error=str(error))
    except OSError as error:
        result = FileResult(path, error=f"cannot read the file: {error.strerror or error}")
    except Exception as error:  # one file must never stop the import or block its drop folder
        logger.warning("wire file %s of feed %s refused", printable(str(path)), feed.pk, exc_info=True)
        result = FileResult(path, error=f"unreadable: {describe(error)}")
    record_refusals(feed, _file_name(path), [("", result.error)])
    return result


def _file_name(path: Path) -> str:
    return printable(str(path))


def _is_candidate(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and not path.name.lower().endswith(DROP_FOLDER_SKIPPED_SUFFIXES)
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files inside folders as given (sorted, without their processed/failed folders)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if _is_candidate(p) and not ({PROCESSED, FAILED} & set(p.relative_to(path).parts[:-1]))
            )
        else:
            files.append(path)
    return files


def ensure_import_feed(name: str) -> WireFeed:
    """The feed named `name`, or a new drop-folder feed of that name (with a Source of that name if none)."""
    feed = WireFeed.objects.filter(name=name).select_related("agency").first()
    if feed is not None:
        return feed
    agency = Source.objects.filter(name=name).first() or _new_source(name)
    # get_or_create settles a race between two imports naming the same new source.
    feed, _created = WireFeed.objects.get_or_create(
        name=name,
        # No language of its own: items that do not say theirs are read as the import says, or as their words show.
        defaults={"agency": agency, "kind": WireFeed.Kind.DROP_FOLDER, "enabled": False, "language": ""},
    )
    return feed


def _new_source(name: str) -> Source:
    base = slugify(name)[:100] or "kantor-berita"
    for n in range(1, 100):
        slug = base if n == 1 else f"{base}-{n}"
        if Source.objects.filter(slug=slug).exists():
            continue
        try:
            with transaction.atomic():
                return Source.objects.create(name=name, slug=slug)
        except IntegrityError:
            found = Source.objects.filter(name=name).first()
            if found is not None:
                return found
    raise ValueError(f"no free slug for a source named {name!r}")


def import_paths(source_name: str, paths: Iterable[Path], language: str = "") -> ImportReport:
    """`kabar wire import`: every file given, or found in the folders given, for the feed named `source_name`;
    items that do not give their language are in `language` if one is given."""
    feed = ensure_import_feed(source_name)
    report = ImportReport()
    with documents_language(language), CommitGroup() as group:
        for path in expand_paths(paths):
            report.files.append(group.store(partial(ingest_file, feed, path)))
    return report


def _poll_drop_folder(feed: WireFeed) -> PollResult:
    folder = Path(feed.folder_path)
    if not feed.folder_path or not folder.is_dir():
        return PollResult(feed, False, f"the drop folder {feed.folder_path!r} does not exist")
    files = sorted(p for p in folder.iterdir() if _is_candidate(p))
    results = []
    now, settle, patience = time.time(), drop_settle_seconds(), drop_incomplete_wait_seconds()
    with CommitGroup() as group:
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue  # taken away since the listing
            # ctime too: a copy that keeps the original's mtime (cp -p, rsync -t) still changes it.
            age = now - max(stat.st_mtime, stat.st_ctime)
            if age < settle:
                results.append(FileResult(path, error="changed in the last seconds", waiting=True))
                continue
            result = group.store(partial(ingest_file, feed, path, wait_if_incomplete=age < patience))
            results.append(result)
            if not result.waiting:
                group.after_commit(partial(_file_away, feed, folder, result))
    done = [r for r in results if not r.waiting]
    message = f"{len(done)} file(s): " + ImportReport(done).summary().removeprefix("imported: ")
    if len(done) < len(results):
        message += f"; {len(results) - len(done)} waiting"
    return PollResult(feed, True, message)


def _file_away(feed: WireFeed, folder: Path, result: FileResult) -> None:
    """A read file into processed/, or into failed/ with its reason when nothing of it was accepted."""
    outcomes = result.report.outcomes if result.report is not None else []
    accepted = any(o.status != REFUSED for o in outcomes)
    # A document read but with every item refused goes to failed/ with its items' reasons.
    reason = result.error or "\n".join(f"{o.agency_uri or '(no identifier)'}: {o.reason}" for o in outcomes)
    try:
        _move(result.path, folder / (PROCESSED if accepted else FAILED), reason="" if accepted else reason)
    except OSError:
        logger.exception("could not move %s out of the drop folder of wire feed %s", _file_name(result.path), feed.pk)


def drop_settle_seconds() -> float:
    """How long a drop-folder file must stay unchanged before it is read (it may still be arriving)."""
    return float(getattr(settings, "KABAR_WIRE_DROP_SETTLE_SECONDS", 5))


def drop_incomplete_wait_seconds() -> float:
    """How long a drop-folder file that ends before its document does is waited for before it is refused."""
    return float(getattr(settings, "KABAR_WIRE_DROP_INCOMPLETE_WAIT_SECONDS", 15 * 60))


def _move(path: Path, destination: Path, reason: str = "") -> None:
    destination.mkdir(exist_ok=True)
    target = destination / path.name
    if target.exists():
        target = destination / f"{timezone.now():%Y%m%dT%H%M%S%f}-{path.name}"
    shutil.move(str(path), str(target))
    if reason:
        # Beside the file, for whoever looks in failed/ rather than at the desk.
        target.with_name(target.name + ".reason.txt").write_text(printable(reason) + "\n", encoding="utf-8")


# --- retention -----------------------------------------------------------------------------

RETENTION_BATCH = 1000
RETENTION_RUN_SECONDS = 20.0


def remove_old_items(
    now: dt.datetime | None = None, *, batch_size: int = RETENTION_BATCH, seconds: float | None = RETENTION_RUN_SECONDS
) -> int:
    """Items nothing was received for in KABAR_WIRE_RETENTION_DAYS leave the desk, with their versions and
    search entries, unless an article was made from them; how many left.

    In batches, each its own short transaction, so the ingest and the desk never wait long; a run stops
    after `seconds` (None: when none is left) and the worker's clock comes back for the rest.
    """
    days = int(getattr(settings, "KABAR_WIRE_RETENTION_DAYS", 90))
    if days <= 0:
        return 0  # kept for ever
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    expired = (
        WireItem.objects.filter(first_seen_at__lt=cutoff, updated_at__lt=cutoff, article__isnull=True)
        .exclude(Exists(WireArticle.objects.filter(item=OuterRef("pk"))))
        .order_by("first_seen_at", "pk")
    )
    started, removed = time.monotonic(), 0
    while seconds is None or time.monotonic() - started < seconds:
        with transaction.atomic():
            # Locked, so "Buat artikel" on one of them waits for this batch instead of racing it.
            ids = list(expired.select_for_update(of=("self",)).values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            WireSearchEntry.objects.filter(item_id__in=ids).delete()
            WireItemVersion.objects.filter(item_id__in=ids).delete()
            WireItem.objects.filter(pk__in=ids).delete()
        removed += len(ids)
    if removed:
        logger.info("wire desk: %d items older than %d days removed", removed, days)
    return removed


# --- "Buat artikel" -------------------------------------------------------------------------


@dataclass(frozen=True)
class MadeArticle:
    article: ArticlePage
    created: bool
    # Articles already made from the item before this one (or instead of it, when created is False).
    earlier: tuple[ArticlePage, ...] = ()


@transaction.atomic
def make_article_from_item(
    item: WireItem,
    user: User | AnonymousUser | None = None,
    section: SectionPage | None = None,
    *,
    allow_another: bool = False,
) -> MadeArticle:
    """A draft article prefilled from the wire item, filed in the feed's default section or `section`.

    When articles were already made from the item, nothing is made unless `allow_another`:
    the first of them is returned with created=False, so the desk can warn and link to it.
    """
    # Locks the item alone, so two clicks on "Buat artikel" at once make one article, not two.
    item = (
        WireItem.objects.select_for_update(of=("self",))
        .select_related("feed__agency", "feed__default_section")
        .get(pk=item.pk)
    )
    earlier = tuple(
        link.article
        for link in WireArticle.objects.filter(item=item).select_related("article").order_by("made_at", "pk")
    )
    if earlier and not allow_another:
        return MadeArticle(earlier[0], created=False, earlier=earlier)
    if not item.is_text:
        raise ValueError(
            _("Only a text item can become an article; this one is a %(type)s.")
            % {"type": item.get_item_type_display().lower()}
        )
    section = section or item.feed.default_section
    if section is None:
        raise ValueError(_("Choose a section: the feed has no default section."))
    article = _prefilled_article(item)
    staff = user if user is not None and user.is_authenticated and user.pk else None
    if staff is not None:
        article.owner = staff  # a Penulis may edit only the pages they own
    # A second article from the same item would otherwise take the first one's slug in the same folder.
    folder = article_services.month_folder(section)
    article.slug = find_available_slug(folder, slugify(article.title)[:80] or "artikel")
    article_services.file_article(section, article, user=staff)
    WireArticle.objects.create(item=item, article=article, made_by=staff)
    if item.article_id is None:
        item.article = article
        WireItem.objects.filter(pk=item.pk).update(article=article)
    logger.info("article %s made from wire item %s by %s", article.pk, item.pk, getattr(user, "pk", None))
    return MadeArticle(article, created=True, earlier=earlier)


def _prefilled_article(item: WireItem) -> ArticlePage:
    # The article is written in the site's language, whatever language the editor's admin uses.
    with translation.override(settings.LANGUAGE_CODE):
        blocks = bodies.article_blocks(item.body_html)
        if item.byline:
            credit = _("Wire byline: %(byline)s (%(agency)s)") % {
                "byline": item.byline,
                "agency": item.feed.agency.name,
            }
            blocks.append(bodies.credit_paragraph(credit))
    article = ArticlePage(
        title=clip(item.headline or item.agency_uri, 255),
        summary=clip(item.summary, 400),
        dateline_place=clip(bodies.dateline_place(item.located, item.dateline), 80),
        body=blocks,
    )
    article.sources = [item.feed.agency]
    if item.embargoed_until and item.embargoed_until > timezone.now():
        # Wagtail holds a page with a future go-live time until then, however it is published.
        # Rounded up to the second: revisions keep milliseconds only, and a hair early is still early.
        embargo = item.embargoed_until
        article.go_live_at = (
            embargo if not embargo.microsecond else embargo.replace(microsecond=0) + dt.timedelta(seconds=1)
        )
        article.embargoed_until = article.go_live_at
    return article


# --- other desks (kabar_wire_destinations) ------------------------------------------------------


class DestinationRefused(ValueError):
    """The item cannot go to that destination; the message is for the editor."""


def wire_destinations() -> list[kabar_hooks.WireDestination]:
    """Where an item can go besides a new article, in the apps' registration order."""
    return kabar_hooks.collected(kabar_hooks.WIRE_DESTINATIONS, kabar_hooks.WireDestination)


def usability_problem(item: WireItem) -> str:
    """Why the item may not be quoted elsewhere now, or "" when it may.

    A destination publishes without passing through "Buat artikel" and its embargo, so the desk
    refuses here what an article would have been held for."""
    if item.is_killed:
        return _("The agency has withdrawn this item: it cannot be used.")
    if item.embargoed_until is not None and item.embargoed_until > timezone.now():
        return _("This item is under embargo: it can be sent elsewhere once the embargo has passed.")
    if not item.is_text or not item.body_html.strip():
        return _("Only a text item with a body can be sent to another desk.")
    return ""


def copy_of_item(item: WireItem) -> kabar_hooks.WireCopy:
    """The item as another desk quotes it: its body as paragraphs (<p> with bold, italic and links only)."""
    paragraphs: list[str] = []
    for kind, value in bodies.article_blocks(item.body_html):
        if kind == "paragraph":
            paragraphs.append(str(value))
        elif kind == "subheading":
            paragraphs.append(f"<p><b>{escape(value)}</b></p>")
        elif kind == "quote":
            paragraphs.append(f"<p>\u201c{escape(value['text'])}\u201d</p>")
    return kabar_hooks.WireCopy(
        item_id=item.pk,
        agency=item.feed.agency.name,
        headline=item.headline or item.agency_uri,
        body_html="".join(paragraphs),
        received_at=item.first_seen_at,
        source_url=item.link,
    )


def send_item(
    item: WireItem, destination: kabar_hooks.WireDestination, target_id: str, user: User | AnonymousUser
) -> str:
    """Hand the item to `destination`'s target `target_id` (one the user may choose); returns where to go next.

    The destination makes its draft; the desk logs who sent which item where, as it logs nothing
    else it does not own."""
    item = WireItem.objects.select_related("feed__agency").get(pk=item.pk)
    problem = usability_problem(item)
    if problem:
        raise DestinationRefused(problem)
    targets = dict(destination.choices(user))
    if target_id not in targets:
        raise DestinationRefused(_("Choose one of the listed targets."))
    with transaction.atomic():
        url = destination.take(copy_of_item(item), target_id, user)
        log(
            instance=item,
            action=ITEM_SENT,
            user=user if user.is_authenticated else None,
            data={
                "headline": clip(item.headline or item.agency_uri, 255),
                "destination": str(destination.label),
                "target": target_id,
                "target_name": str(targets[target_id])[:255],
                "url": url,
            },
        )
    logger.info("wire item %s sent to %s %s by %s", item.pk, destination.label, target_id, getattr(user, "pk", None))
    return url
