"""Writes: posting, editing, deleting and reporting comments; moderating them; a reader's data.

Every change that alters what the public sees (a visible comment posted, edited, deleted, hidden,
approved, rejected) recounts `ArticlePage.comment_count` and purges the article's cached pages
(kabar.delivery.purge). Every moderation act is written to Wagtail's audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import LogContext, log

from kabar.articles.models import ArticlePage
from kabar.comments import queries, text
from kabar.comments.models import ArticleCommentPolicy, Ban, Comment, CommentReport, Mode
from kabar.core import ratelimit
from kabar.core.roles import Role
from kabar.delivery.purge import article_key, purge_keys

logger = logging.getLogger(__name__)

Status = Comment.Status
HoldReason = Comment.HoldReason
DUPLICATE_WINDOW = dt.timedelta(hours=24)

# Audit-log actions (registered in wagtail_hooks.py, shown in the admin's history views).
APPROVE = "kabar.comments.approve"
REJECT = "kabar.comments.reject"
SPAM = "kabar.comments.spam"
BAN = "kabar.comments.ban"
HIDE = "kabar.comments.hide"
POLICY = "kabar.comments.policy"
MODERATION_ACTIONS = {
    "approve": (Status.APPROVED, APPROVE),
    "reject": (Status.REJECTED, REJECT),
    "spam": (Status.SPAM, SPAM),
}


class CommentRefused(Exception):
    """A comment action that cannot be done; `message` is for the reader, `status` the HTTP answer."""

    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


# --- keeping the article right -----------------------------------------------------------------


def refresh_article(article_id: int) -> int:
    """Recount the article's visible comments (no revision) and purge its cached pages."""
    with transaction.atomic():
        # The lock makes concurrent recounts of one article wait for each other (PostgreSQL; SQLite
        # writes one at a time anyway), so the last count sees every committed comment.
        list(ArticlePage.objects.select_for_update(of=("self",)).filter(pk=article_id).values_list("pk"))
        count = queries.count_visible(article_id)
        ArticlePage.objects.filter(pk=article_id).update(comment_count=count)
    # purge_keys purges Kabar's own cache now and again once the transaction commits.
    purge_keys([article_key(article_id)])
    return count


def _refuse(message: str, code: str, status: int, log_message: str, *args: Any) -> CommentRefused:
    logger.warning("comment refused (%s): " + log_message, code, *args)
    return CommentRefused(message, code, status)


# --- readers ------------------------------------------------------------------------------------


def _clean(raw: str, who: Any, where: Any) -> str:
    try:
        return text.normalise(raw)
    except text.TextRefused as error:
        raise _refuse(str(error), error.code, 400, "text from user %s on article %s", who, where) from error


def _hold(author: AbstractBaseUser, body: str, rules: queries.Rules, now: dt.datetime) -> tuple[str, str]:
    """Why a reader's comment must wait for a moderator, or ("", "") when it may go live at once."""
    settings = rules.settings
    if rules.is_premoderated:
        return HoldReason.PREMODERATION, ""
    word = text.find_blocked_word(body, text.word_pattern(queries.blocked_words()))
    if word:
        return HoldReason.WORDS, word[:200]
    found = text.links(body)
    if len(found) > settings.max_links:
        return HoldReason.LINKS, str(len(found))
    recent = Comment.objects.filter(
        author_id=author.pk, created_at__gte=now - dt.timedelta(minutes=settings.burst_minutes)
    )
    if recent.count() >= settings.burst_count:
        return HoldReason.BURST, ""
    if Comment.objects.filter(author_id=author.pk, text=body, created_at__gte=now - DUPLICATE_WINDOW).exists():
        return HoldReason.DUPLICATE, ""
    return HoldReason.NONE, ""


def check_rate(author: AbstractBaseUser, ip: str | None, rules: queries.Rules) -> None:
    settings = rules.settings
    reader_ok = ratelimit.allow(f"comment:user:{author.pk}", settings.reader_rate_per_minute)
    ip_ok = ratelimit.allow(f"comment:ip:{ip}", settings.ip_rate_per_minute) if ip else True
    if not (reader_ok and ip_ok):
        raise _refuse(
            _("Too fast. Please wait a minute before sending another comment; what you wrote is still here."),
            "rate_limited",
            429,
            "user %s from %s over the %s limit",
            author.pk,
            ip,
            "reader" if not reader_ok else "address",
        )


def ban_message(ban: Ban) -> str:
    if ban.expires_at is None:
        return _("Your account may no longer comment.")
    return _("Your account may not comment until %(until)s.") % {
        "until": date_format(timezone.localtime(ban.expires_at), "DATETIME_FORMAT")
    }


def post_comment(
    *,
    article: ArticlePage,
    author: User,
    body: str,
    parent_id: Any = None,
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> Comment:
    """A reader's comment, or reply when `parent_id` names a visible top-level comment of the same article.

    It goes live at once unless the article is pre-moderated or a rule holds it (word list, links,
    burst, duplicate); the newsroom's own comments always go live, with the "Redaksi" badge.
    """
    now = now or timezone.now()
    if not author.is_authenticated:
        raise _refuse(_("Log in to comment."), "login", 403, "anonymous post on article %s", article.pk)
    if queries.commentable_article(article.pk) is None:
        raise _refuse(
            _("This article does not take comments."), "unavailable", 404, "article %s not public", article.pk
        )
    rules = queries.rules_for(article, now)
    if rules.is_closed:
        raise _refuse(_("Comments on this article are closed."), "closed", 403, "article %s closed", article.pk)
    ban = queries.active_ban(author, now)
    if ban is not None:
        raise _refuse(ban_message(ban), "banned", 403, "banned user %s on article %s", author.pk, article.pk)
    body = _clean(body, author.pk, article.pk)
    parent = None
    if parent_id not in (None, ""):
        parent = queries.reply_target(article, parent_id)
        if parent is None:
            raise _refuse(
                _("That comment cannot be replied to: it is not shown under this article, or it is a reply itself."),
                "bad_parent",
                400,
                "user %s replied to %r on article %s",
                author.pk,
                str(parent_id)[:30],
                article.pk,
            )
    staff = queries.is_newsroom(author)
    if not staff:
        check_rate(author, ip, rules)
    reason, detail = (HoldReason.NONE, "") if staff else _hold(author, body, rules, now)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            author=author,
            text=body,
            status=Status.PENDING if reason else Status.APPROVED,
            hold_reason=reason,
            hold_detail=detail,
            is_staff_reply=staff,
            ip_address=ip,
            created_at=now,
        )
        if comment.status == Status.APPROVED:
            refresh_article(article.pk)
    logger.info(
        "comment %s by user %s on article %s: %s%s",
        comment.pk,
        author.pk,
        article.pk,
        comment.status,
        f" ({reason})" if reason else "",
    )
    return comment


def check_owner(comment: Comment, user: AbstractBaseUser, doing: str) -> None:
    """Only the writer may change or delete a comment; anyone else is refused, and it is logged."""
    if not user.is_authenticated or comment.author_id != user.pk:
        raise _refuse(
            _("This is not your comment."),
            "not_yours",
            403,
            "user %s tried to %s comment %s of user %s",
            getattr(user, "pk", None),
            doing,
            comment.pk,
            comment.author_id,
        )


def check_can_edit(comment: Comment, user: AbstractBaseUser, now: dt.datetime | None = None) -> None:
    check_owner(comment, user, "edit")
    now = now or timezone.now()
    if comment.status not in (Status.APPROVED, Status.PENDING) or now - comment.created_at > queries.EDIT_WINDOW:
        raise _refuse(
            _("A comment can be edited only in the first %(minutes)s minutes.")
            % {"minutes": int(queries.EDIT_WINDOW.total_seconds() // 60)},
            "edit_window",
            403,
            "user %s edit of comment %s (%s) too late",
            user.pk,
            comment.pk,
            comment.status,
        )


def edit_comment(comment: Comment, user: AbstractBaseUser, body: str, now: dt.datetime | None = None) -> Comment:
    """The writer's correction within EDIT_WINDOW; the content rules run again, and may hold it this time."""
    now = now or timezone.now()
    check_can_edit(comment, user, now)
    body = _clean(body, user.pk, comment.article_id)
    was_visible = comment.status == Status.APPROVED
    comment.text = body
    comment.edited_at = now
    if not comment.is_staff_reply and comment.status == Status.APPROVED:
        rules = queries.rules_for(comment.article, now)
        # Only the content rules: an edit is not a new comment for bursts or duplicates.
        word = text.find_blocked_word(body, text.word_pattern(queries.blocked_words()))
        link_count = len(text.links(body))
        if word or link_count > rules.settings.max_links:
            comment.status = Status.PENDING
            comment.hold_reason = HoldReason.WORDS if word else HoldReason.LINKS
            comment.hold_detail = (word or str(link_count))[:200]
    with transaction.atomic():
        comment.save(update_fields=["text", "edited_at", "status", "hold_reason", "hold_detail"])
        if was_visible:
            refresh_article(comment.article_id)
    logger.info("comment %s edited by user %s: %s", comment.pk, user.pk, comment.status)
    return comment


def delete_comment(comment: Comment, user: AbstractBaseUser) -> Comment | None:
    """The writer takes their comment down. With replies it stays as an empty "deleted" placeholder
    (returned) so the replies keep their thread; without, it is gone (None)."""
    check_owner(comment, user, "delete")
    if comment.status == Status.DELETED:
        raise _refuse(_("This comment was already deleted."), "deleted", 404, "comment %s deleted twice", comment.pk)
    kept = _remove(comment)
    logger.info("comment %s deleted by its writer %s", comment.pk, user.pk)
    return kept


def _remove(comment: Comment) -> Comment | None:
    was_visible = comment.status == Status.APPROVED
    article_id = comment.article_id
    with transaction.atomic():
        if comment.replies.exclude(status=Status.DELETED).exists():
            comment.reports.all().delete()
            Comment.objects.filter(pk=comment.pk).update(
                text="",
                author=None,
                ip_address=None,
                status=Status.DELETED,
                open_reports=0,
                hold_reason="",
                hold_detail="",
            )
            comment.refresh_from_db()
            kept: Comment | None = comment
        else:
            comment.delete()
            kept = None
        if was_visible:
            refresh_article(article_id)
    return kept


def check_can_report(comment: Comment, reporter: AbstractBaseUser) -> None:
    if not reporter.is_authenticated:
        raise _refuse(_("Log in to report a comment."), "login", 403, "anonymous report of %s", comment.pk)
    if comment.author_id == reporter.pk:
        raise _refuse(
            _("You cannot report your own comment."), "own", 400, "user %s reported own %s", reporter.pk, comment.pk
        )
    if comment.status != Status.APPROVED:
        raise _refuse(
            _("This comment is not shown, so it cannot be reported."),
            "not_visible",
            404,
            "user %s reported hidden comment %s",
            reporter.pk,
            comment.pk,
        )
    if CommentReport.objects.filter(comment=comment, reporter_id=reporter.pk).exists():
        raise _refuse(
            _("You have already reported this comment."),
            "already_reported",
            409,
            "user %s reported comment %s again",
            reporter.pk,
            comment.pk,
        )


def report_comment(comment: Comment, reporter: User, reason: str) -> CommentReport:
    """ "Laporkan": once per reader per comment; at the site's threshold the comment hides until reviewed."""
    if reason not in CommentReport.Reason.values:
        reason = CommentReport.Reason.OTHER
    with transaction.atomic():
        check_can_report(comment, reporter)
        try:
            with transaction.atomic():
                report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
        except IntegrityError as error:  # the same reader's second report, sent at the same moment
            raise _refuse(
                _("You have already reported this comment."), "already_reported", 409, "double report %s", comment.pk
            ) from error
        Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
        comment.refresh_from_db(fields=["open_reports", "status"])
        threshold = queries.site_settings().reports_threshold
        if comment.status == Status.APPROVED and comment.open_reports >= threshold:
            Comment.objects.filter(pk=comment.pk).update(status=Status.PENDING, hold_reason=HoldReason.REPORTS)
            comment.status, comment.hold_reason = Status.PENDING, HoldReason.REPORTS
            log(comment, HIDE, user=None, data={"reports": comment.open_reports})
            refresh_article(comment.article_id)
            logger.info("comment %s hidden after %s reports", comment.pk, comment.open_reports)
    logger.info("comment %s reported by user %s (%s)", comment.pk, reporter.pk, reason)
    return report


# --- moderation ---------------------------------------------------------------------------------


def _require_moderator(user: User) -> None:
    if not user.has_perm("comments.moderate_comment"):
        raise _refuse(_("You may not moderate comments."), "not_moderator", 403, "user %s is not a moderator", user.pk)


def moderate_comment(comment: Comment, action: str, moderator: User) -> Comment:
    """Approve, reject or mark as spam: the open reports are settled with it, and the act is logged."""
    _require_moderator(moderator)
    if action not in MODERATION_ACTIONS:
        raise _refuse(_("Unknown moderation action."), "bad_action", 400, "action %r by %s", action[:30], moderator.pk)
    if comment.status == Status.DELETED:
        raise _refuse(_("The writer deleted this comment."), "deleted", 400, "moderating deleted %s", comment.pk)
    status, log_action = MODERATION_ACTIONS[action]
    now = timezone.now()
    was = comment.status
    with transaction.atomic():
        comment.status = status
        comment.hold_reason = HoldReason.NONE if status == Status.APPROVED else comment.hold_reason
        comment.open_reports = 0
        comment.moderated_at = now
        comment.moderated_by = moderator
        comment.save(update_fields=["status", "hold_reason", "open_reports", "moderated_at", "moderated_by"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        log(comment, log_action, user=moderator, data={"from": was, "to": status})
        if (was == Status.APPROVED) != (status == Status.APPROVED):
            refresh_article(comment.article_id)
    logger.info("comment %s %s by moderator %s (was %s)", comment.pk, status, moderator.pk, was)
    return comment


def approve_comment(comment: Comment, moderator: User) -> Comment:
    return moderate_comment(comment, "approve", moderator)


def reject_comment(comment: Comment, moderator: User) -> Comment:
    return moderate_comment(comment, "reject", moderator)


def moderate_comments(comment_ids: Iterable[Any], action: str, moderator: User) -> int:
    """The same decision on many comments, as one logged act (the entries share one id)."""
    _require_moderator(moderator)
    ids = []
    for value in comment_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            logger.warning("bulk moderation by %s: ignored id %r", moderator.pk, str(value)[:30])
    done = 0
    with LogContext(user=moderator), transaction.atomic():
        for comment in Comment.objects.filter(pk__in=ids).exclude(status=Status.DELETED):
            moderate_comment(comment, action, moderator)
            done += 1
    return done


def ban_reader(user: User, moderator: User, reason: str, expires_at: dt.datetime | None = None) -> Ban:
    """The reader may not comment until `expires_at` (or ever); they are told so where they would write."""
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise _refuse(_("Say why the reader is banned."), "no_reason", 400, "ban without reason by %s", moderator.pk)
    if user.pk == moderator.pk:
        raise _refuse(_("You cannot ban yourself."), "self", 400, "moderator %s tried to ban self", moderator.pk)
    with transaction.atomic():
        ban = Ban.objects.create(user=user, reason=reason, created_by=moderator, expires_at=expires_at)
        log(
            ban,
            BAN,
            user=moderator,
            data={"user": user.pk, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    logger.info("user %s banned from comments by %s until %s", user.pk, moderator.pk, expires_at or "forever")
    return ban


def set_article_policy(
    article: ArticlePage, moderator: User, mode: str = "", auto_close_days: int | None = None
) -> ArticleCommentPolicy:
    """The article's own comment mode and closing time; empty values follow the site's settings."""
    _require_moderator(moderator)
    if mode and mode not in Mode.values:
        raise _refuse(_("Unknown comment mode."), "bad_mode", 400, "mode %r by %s", mode[:30], moderator.pk)
    with transaction.atomic():
        policy, _created = ArticleCommentPolicy.objects.update_or_create(
            article=article, defaults={"mode": mode, "auto_close_days": auto_close_days, "updated_by": moderator}
        )
        log(
            policy, POLICY, user=moderator, data={"mode": mode, "auto_close_days": auto_close_days}, title=article.title
        )
    logger.info("comment policy of article %s set by %s: %r, %r", article.pk, moderator.pk, mode, auto_close_days)
    return policy


# --- a reader's data (called by kabar.readers through settings, see KABAR_READER_* in settings.py) ---


def export_reader_comments(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """Every comment the reader wrote, as JSON-ready dicts, oldest first."""
    return [
        {
            "id": comment.pk,
            "article_title": comment.article.title,
            "article_url": comment.article.full_url,
            "text": comment.text,
            "created": comment.created_at.isoformat(),
            "edited": comment.edited_at.isoformat() if comment.edited_at else None,
            "status": comment.status,
            "replies_to": comment.parent_id,
        }
        for comment in queries.reader_comments(user)
    ]


def export_reader_data(user: AbstractBaseUser) -> dict[str, Any]:
    """The comments part of a reader's data download, in the shape KABAR_READER_DATA_EXPORTERS wants."""
    return {"comments": export_reader_comments(user)}


def forget_reader(user: AbstractBaseUser, remove_comments: bool) -> None:
    """Remove the reader's comments, or keep their text under "Pembaca" with nothing that leads to them."""
    comments = list(Comment.objects.filter(author_id=user.pk).values_list("pk", "article_id", "parent_id"))
    with transaction.atomic():
        if remove_comments:
            # Replies first, so a thread of the reader's own comments goes entirely.
            for pk, _article_id, _parent_id in sorted(comments, key=lambda row: row[2] is None):
                comment = Comment.objects.filter(pk=pk).exclude(status=Status.DELETED).first()
                if comment is not None:
                    _remove(comment)
        else:
            Comment.objects.filter(author_id=user.pk).update(author=None, ip_address=None)
        CommentReport.objects.filter(reporter_id=user.pk).update(reporter=None)
        for article_id in sorted({row[1] for row in comments}):
            refresh_article(article_id)
    logger.info(
        "reader %s forgotten by comments: %d comment(s) %s",
        user.pk,
        len(comments),
        "removed" if remove_comments else "anonymised",
    )


# --- moderation rights (given to the roles in wagtail_hooks.py) -------------------------------

MODERATORS = Role.MODERATOR
MODERATION_RIGHTS = [
    "comments.moderate_comment",
    "comments.view_ban",
    "comments.change_ban",
    "comments.delete_ban",
    "comments.view_blockedword",
    "comments.add_blockedword",
    "comments.change_blockedword",
    "comments.delete_blockedword",
    "comments.change_commentsettings",
]
