"""The live desk's writes: updates posted, published, corrected, pinned, marked, deleted; coverage
started, closed and reopened.

Each is one transaction that records itself in the audit trail (on the report's page, so its
history tells the story of the coverage) and, once it commits, purges the report's cached page,
poll JSON and feed (kabar.live.caching). Rules of who may do what are here too, so the composer,
the wire desk and scripts share them: `user=None` is the system (the worker, the demo), which may
do anything.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue
from wagtail.log_actions import log

from kabar.articles.models import ArticlePage, LiveStatus
from kabar.core.hooks import WireCopy
from kabar.live import caching
from kabar.live.blocks import LiveUpdateBodyBlock
from kabar.live.models import LiveReportPage, LiveUpdate, LiveUpdateRevision
from kabar.people.models import Person

# Audit-trail actions, labelled in wagtail_hooks.py.
UPDATE_POSTED = "live.update_posted"
UPDATE_PUBLISHED = "live.update_published"
UPDATE_EDITED = "live.update_edited"
UPDATE_CORRECTED = "live.update_corrected"
UPDATE_PINNED = "live.update_pinned"
UPDATE_UNPINNED = "live.update_unpinned"
UPDATE_KEY_EVENT = "live.update_key_event"
UPDATE_KEY_EVENT_REMOVED = "live.update_key_event_removed"
UPDATE_DELETED = "live.update_deleted"
REPORT_STARTED = "live.report_started"
REPORT_CLOSED = "live.report_closed"
REPORT_REOPENED = "live.report_reopened"

ACTIONS = (
    UPDATE_POSTED,
    UPDATE_PUBLISHED,
    UPDATE_EDITED,
    UPDATE_CORRECTED,
    UPDATE_PINNED,
    UPDATE_UNPINNED,
    UPDATE_KEY_EVENT,
    UPDATE_KEY_EVENT_REMOVED,
    UPDATE_DELETED,
    REPORT_STARTED,
    REPORT_CLOSED,
    REPORT_REOPENED,
)

# A live update is read in a stream: longer than this is an article, not an update.
MAX_UPDATE_CHARACTERS = 10_000

POST = "live.add_liveupdate"
CORRECT = "live.change_liveupdate"
DELETE = "live.delete_liveupdate"
PIN = "live.pin_liveupdate"
CLOSE = "live.close_livereport"

# Penulis post; Redaktur (and Admin) also pin, mark key events, correct, delete and close.
WRITER_RIGHTS = ("live.add_liveupdate", "live.view_liveupdate")
EDITOR_RIGHTS = (*WRITER_RIGHTS, CORRECT, DELETE, PIN, CLOSE)


# --- who may do what ------------------------------------------------------------------------------


def can_post(user: Any, report: LiveReportPage) -> bool:
    """Post (and publish) updates: the right to, on a report this user may edit."""
    return bool(user.has_perm(POST)) and bool(report.permissions_for_user(user).can_edit())


def can_pin(user: Any, report: LiveReportPage) -> bool:
    """Pin updates and mark key events."""
    return can_post(user, report) and bool(user.has_perm(PIN))


def can_close(user: Any, report: LiveReportPage) -> bool:
    return can_post(user, report) and bool(user.has_perm(CLOSE))


def can_edit(user: Any, update: LiveUpdate) -> bool:
    """Everyone who posts may finish their own drafts; correcting anything else is an editor's job."""
    if not can_post(user, update.report):
        return False
    own_draft = update.status == LiveUpdate.Status.DRAFT and update.author_id == user.pk
    return own_draft or bool(user.has_perm(CORRECT))


def can_publish(user: Any, update: LiveUpdate) -> bool:
    return can_edit(user, update)


def can_delete(user: Any, update: LiveUpdate) -> bool:
    if not can_post(user, update.report):
        return False
    own_draft = update.status == LiveUpdate.Status.DRAFT and update.author_id == user.pk
    return own_draft or bool(user.has_perm(DELETE))


def _require(allowed: Callable[[], bool], user: Any) -> None:
    if user is not None and not allowed():
        raise PermissionDenied


# --- the text of an update ------------------------------------------------------------------------


def _stream(body: StreamValue | Iterable[Any] | None) -> StreamValue:
    if isinstance(body, StreamValue):
        return body
    block = LiveUpdateBodyBlock()
    return block.to_python(list(body or []))


def _block_text(block_type: str, value: Any) -> str:
    if block_type == "paragraph":
        return strip_tags(value.source).strip()
    if block_type == "quote":
        return f"{value.get('text') or ''} {value.get('attribution') or ''}".strip()
    if block_type == "wire_quote":
        text = value.get("text")
        return f"{value.get('headline') or ''} {strip_tags(text.source) if text else ''}".strip()
    if block_type == "image":
        return f"{value.get('caption') or ''} {value.get('credit') or ''}".strip()
    return ""


def _has_content(block_type: str, value: Any) -> bool:
    if block_type == "image":
        return value.get("image") is not None
    if block_type == "embed":
        return bool(value)
    if block_type == "quote":
        return bool((value.get("text") or "").strip())
    if block_type == "wire_quote":
        text = value.get("text")
        return bool(text and strip_tags(text.source).strip())
    return bool(_block_text(block_type, value))


def clean_update(body: StreamValue | Iterable[Any] | None, headline: str) -> StreamValue:
    """The body without empty blocks; refuses an update with nothing in it or too long to read.

    Raises ValidationError naming the field, so a form shows the message beside what was typed.
    """
    stream = _stream(body)
    kept = [(child.block_type, child.value) for child in stream if _has_content(child.block_type, child.value)]
    if not kept:
        raise ValidationError(
            {"body": _("The update is empty. Write a paragraph or add a picture, an embed or a quote.")}
        )
    length = len(headline.strip()) + sum(len(_block_text(block_type, value)) for block_type, value in kept)
    if length > MAX_UPDATE_CHARACTERS:
        raise ValidationError(
            {
                "body": _(
                    "The update is %(length)s characters long; an update may have at most %(limit)s. "
                    "Split it into two updates, or write an article."
                )
                % {"length": f"{length:,}".replace(",", "."), "limit": f"{MAX_UPDATE_CHARACTERS:,}".replace(",", ".")}
            }
        )
    if len(kept) == len(stream):
        return stream
    return StreamValue(stream.stream_block, kept)


def _keep_revision(update: LiveUpdate, user: Any) -> LiveUpdateRevision:
    # As the StreamField stores it: times as ISO text (DjangoJSONEncoder), images as their ids.
    body = json.loads(json.dumps(update.body.get_prep_value(), cls=DjangoJSONEncoder))
    return LiveUpdateRevision.objects.create(update=update, headline=update.headline, body=body, user=user)


def _record(report: LiveReportPage, action: str, user: Any, update: LiveUpdate | None = None, **data: Any) -> None:
    if update is not None:
        data = {"update_id": update.pk, "headline": update.headline, **data}
    log(instance=report, action=action, user=user, data=data)


def _purge_after_commit(report_id: int, *, listed: bool = False) -> None:
    transaction.on_commit(partial(caching.purge_report, report_id, listed=listed))


def _refuse_publishing_into_ended(report: LiveReportPage) -> None:
    if report.live_status == LiveStatus.ENDED:
        raise ValidationError(_("Coverage of this report has ended. Reopen it to publish updates."))


# --- updates --------------------------------------------------------------------------------------


@transaction.atomic
def post_update(
    report: LiveReportPage,
    *,
    body: StreamValue | Iterable[Any] | None,
    headline: str = "",
    writer: Person | None,
    user: Any,
    publish: bool,
    is_key_event: bool = False,
    is_pinned: bool = False,
    wire_item_id: int | None = None,
) -> LiveUpdate:
    """A new update, published at once or kept as a draft. Pinning or marking it needs an editor."""
    _require(lambda: can_post(user, report), user)
    if is_key_event or is_pinned:
        _require(lambda: can_pin(user, report), user)
    stream = clean_update(body, headline)
    if publish:
        _refuse_publishing_into_ended(report)
    now = timezone.now()
    update = LiveUpdate.objects.create(
        report=report,
        status=LiveUpdate.Status.PUBLISHED if publish else LiveUpdate.Status.DRAFT,
        headline=headline.strip(),
        body=stream,
        writer=writer,
        author=user,
        is_key_event=is_key_event,
        is_pinned=False,
        published_at=now if publish else None,
    )
    _keep_revision(update, user)
    extra = {"wire_item": wire_item_id} if wire_item_id is not None else {}
    _record(report, UPDATE_POSTED, user, update, published=publish, **extra)
    if is_key_event:
        _record(report, UPDATE_KEY_EVENT, user, update)
    if is_pinned:
        _pin(update, user)
    if publish:
        _purge_after_commit(report.pk)
    return update


@transaction.atomic
def edit_update(
    update: LiveUpdate, *, body: StreamValue | Iterable[Any] | None, headline: str, user: Any
) -> LiveUpdate:
    """Change an update's text; a published one shows "Diperbarui" and keeps what readers saw before."""
    _require(lambda: can_edit(user, update), user)
    stream = clean_update(body, headline)
    update.headline = headline.strip()
    update.body = stream
    fields = ["headline", "body"]
    published = update.status == LiveUpdate.Status.PUBLISHED
    if published:
        update.edited_at = timezone.now()
        fields.append("edited_at")
    update.save(update_fields=fields)
    _keep_revision(update, user)
    _record(update.report, UPDATE_CORRECTED if published else UPDATE_EDITED, user, update)
    if published:
        _purge_after_commit(update.report_id)
    return update


@transaction.atomic
def publish_update(update: LiveUpdate, user: Any) -> LiveUpdate:
    _require(lambda: can_publish(user, update), user)
    if update.status != LiveUpdate.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    _refuse_publishing_into_ended(update.report)
    clean_update(update.body, update.headline)
    update.status = LiveUpdate.Status.PUBLISHED
    update.published_at = timezone.now()
    update.save(update_fields=["status", "published_at"])
    _record(update.report, UPDATE_PUBLISHED, user, update)
    _purge_after_commit(update.report_id)
    return update


def _pin(update: LiveUpdate, user: Any) -> None:
    # One pinned update per report: a newer pin takes the top from the older.
    LiveUpdate.objects.filter(report_id=update.report_id, is_pinned=True).exclude(pk=update.pk).update(is_pinned=False)
    update.is_pinned = True
    update.save(update_fields=["is_pinned"])
    _record(update.report, UPDATE_PINNED, user, update)


def _change_update_flag(update: LiveUpdate, user: Any, *, field: str, value: bool, action: str) -> LiveUpdate:
    _require(lambda: can_pin(user, update.report), user)
    if update.status == LiveUpdate.Status.DELETED:
        raise ValidationError(_("This update has been deleted."))
    if field == "is_pinned" and value:
        _pin(update, user)
    elif getattr(update, field) != value:
        setattr(update, field, value)
        update.save(update_fields=[field])
        _record(update.report, action, user, update)
    if update.status == LiveUpdate.Status.PUBLISHED:
        _purge_after_commit(update.report_id)
    return update


@transaction.atomic
def pin_update(update: LiveUpdate, user: Any) -> LiveUpdate:
    return _change_update_flag(update, user, field="is_pinned", value=True, action=UPDATE_PINNED)


@transaction.atomic
def unpin_update(update: LiveUpdate, user: Any) -> LiveUpdate:
    return _change_update_flag(update, user, field="is_pinned", value=False, action=UPDATE_UNPINNED)


@transaction.atomic
def mark_key_event(update: LiveUpdate, user: Any) -> LiveUpdate:
    return _change_update_flag(update, user, field="is_key_event", value=True, action=UPDATE_KEY_EVENT)


@transaction.atomic
def unmark_key_event(update: LiveUpdate, user: Any) -> LiveUpdate:
    return _change_update_flag(update, user, field="is_key_event", value=False, action=UPDATE_KEY_EVENT_REMOVED)


@transaction.atomic
def delete_update(update: LiveUpdate, user: Any) -> LiveUpdate:
    """Take an update off the report; the row and its revisions stay for the record."""
    _require(lambda: can_delete(user, update), user)
    was_published = update.status == LiveUpdate.Status.PUBLISHED
    update.status = LiveUpdate.Status.DELETED
    update.is_pinned = False
    update.save(update_fields=["status", "is_pinned"])
    _record(update.report, UPDATE_DELETED, user, update, was_published=was_published)
    if was_published:
        _purge_after_commit(update.report_id)
    return update


@transaction.atomic
def create_update_from_wire(copy: WireCopy, report_id: int | str, user: Any) -> LiveUpdate:
    """A draft update quoting a wire item, for a writer to introduce and publish."""
    report = LiveReportPage.objects.get(pk=int(report_id))
    received = timezone.localtime(copy.received_at) if timezone.is_aware(copy.received_at) else copy.received_at
    body = [
        {
            "type": "wire_quote",
            "value": {
                "agency": copy.agency[:120],
                "headline": copy.headline[:300],
                "text": copy.body_html,
                "received_at": received.isoformat(timespec="seconds"),
            },
        }
    ]
    writer = Person.objects.filter(user_id=user.pk, is_active=True).first() if user is not None else None
    return post_update(
        report, body=body, headline="", writer=writer, user=user, publish=False, wire_item_id=copy.item_id
    )


# --- the report's coverage ------------------------------------------------------------------------


def start_coverage(page: ArticlePage) -> bool:
    """A report published for the first time is running coverage ("Berlangsung"). Later publishes
    (a headline fixed) change nothing: a closed report stays closed until reopened by hand."""
    report = page if isinstance(page, LiveReportPage) else LiveReportPage.objects.filter(pk=page.pk).first()
    if report is None:
        return False
    with transaction.atomic():
        started = LiveReportPage.objects.filter(pk=report.pk, coverage_started_at__isnull=True).update(
            coverage_started_at=timezone.now()
        )
        if not started:
            return False
        ArticlePage.objects.filter(pk=report.pk).update(live_status=LiveStatus.LIVE)
        report.refresh_from_db(fields=["live_status", "coverage_started_at"])
        _record(report, REPORT_STARTED, None)
        _purge_after_commit(report.pk, listed=True)
    return True


@transaction.atomic
def close_report(report: LiveReportPage, user: Any) -> bool:
    """End the coverage now: the report says "Selesai" everywhere. False when it was not running."""
    _require(lambda: can_close(user, report), user)
    now = timezone.now()
    closed = ArticlePage.objects.filter(pk=report.pk, live_status=LiveStatus.LIVE).update(live_status=LiveStatus.ENDED)
    if not closed:
        return False
    LiveReportPage.objects.filter(pk=report.pk).update(coverage_ended_at=now)
    report.live_status = LiveStatus.ENDED
    report.coverage_ended_at = now
    _record(report, REPORT_CLOSED, user, scheduled=user is None)
    _purge_after_commit(report.pk, listed=True)
    return True


@transaction.atomic
def reopen_report(report: LiveReportPage, user: Any) -> bool:
    """Run closed coverage again (news broke again). Refused while its scheduled end is past."""
    _require(lambda: can_close(user, report), user)
    if report.coverage_ends_at is not None and report.coverage_ends_at <= timezone.now():
        raise ValidationError(
            _("The scheduled end of this report has passed. Change it on the report's edit page first.")
        )
    reopened = ArticlePage.objects.filter(pk=report.pk, live_status=LiveStatus.ENDED).update(
        live_status=LiveStatus.LIVE
    )
    if not reopened:
        return False
    LiveReportPage.objects.filter(pk=report.pk).update(coverage_ended_at=None)
    report.live_status = LiveStatus.LIVE
    report.coverage_ended_at = None
    _record(report, REPORT_REOPENED, user)
    _purge_after_commit(report.pk, listed=True)
    return True


def close_due_reports(now: dt.datetime | None = None) -> int:
    """Close every running report whose scheduled end has come (the worker's clock, every minute)."""
    moment = now or timezone.now()
    due = LiveReportPage.objects.filter(live=True, live_status=LiveStatus.LIVE, coverage_ends_at__lte=moment)
    return sum(1 for report in due.order_by("pk") if close_report(report, None))
