"""Reads: the rules an article's comments follow, the threads a reader sees, the moderation queue.

Every public read is a fixed number of queries however many comments there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from kabar.articles.models import ArticlePage
from kabar.comments.models import (
    ArticleCommentPolicy,
    Ban,
    BlockedWord,
    Comment,
    CommentReport,
    CommentSettings,
    Mode,
)

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50
EDIT_WINDOW = dt.timedelta(minutes=5)
NEWEST, OLDEST = "newest", "oldest"
SORTS = (NEWEST, OLDEST)
# kabar.readers' profile, reached by its relation name so this app never imports that one.
PROFILE_RELATION = "reader_profile"

User = get_user_model()
# request.user: an account of the AUTH_USER_MODEL (an AbstractUser, with permissions) or the anonymous reader.
Viewer = AbstractUser | AnonymousUser


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What applies to one article's comments now: the site's settings with the article's exception."""

    mode: str
    settings: CommentSettings
    closes_at: dt.datetime | None = None
    closed_by_age: bool = False

    @property
    def is_closed(self) -> bool:
        return self.mode == Mode.CLOSED

    @property
    def is_premoderated(self) -> bool:
        return self.mode == Mode.PREMODERATED


def site_settings() -> CommentSettings:
    """The comment settings of the default site (Kabar serves one publication a database)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return CommentSettings.for_site(site) if site is not None else CommentSettings()


def article_policy(article: ArticlePage) -> ArticleCommentPolicy | None:
    return ArticleCommentPolicy.objects.filter(article_id=article.pk).first()


def rules_for(article: ArticlePage, now: dt.datetime | None = None) -> Rules:
    now = now or timezone.now()
    settings = site_settings()
    policy = article_policy(article)
    mode = policy.mode if policy is not None and policy.mode else settings.default_mode
    days = (
        policy.auto_close_days
        if policy is not None and policy.auto_close_days is not None
        else settings.auto_close_days
    )
    published = article.published_at or article.first_published_at
    closes_at = published + dt.timedelta(days=days) if days and published else None
    if mode != Mode.CLOSED and closes_at is not None and now >= closes_at:
        return Rules(mode=Mode.CLOSED, settings=settings, closes_at=closes_at, closed_by_age=True)
    return Rules(mode=mode, settings=settings, closes_at=closes_at)


def commentable_article(article_id: int) -> ArticlePage | None:
    """The article if readers may see it (live, public), else None: comments never outlive that."""
    article: ArticlePage | None = (
        ArticlePage.objects.live().public().filter(pk=article_id).select_related("section").first()
    )
    return article


def active_ban(user: Viewer, now: dt.datetime | None = None) -> Ban | None:
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    return (
        Ban.objects.filter(user_id=user.pk)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by(F("expires_at").desc(nulls_first=True))
        .first()
    )


def is_newsroom(user: Viewer) -> bool:
    """Staff of the newsroom (anyone who may use the admin): their comments carry the "Redaksi" badge."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def blocked_words() -> list[str]:
    return list(BlockedWord.objects.values_list("word", flat=True))


def _has_profiles() -> bool:
    try:
        User._meta.get_field(PROFILE_RELATION)
    except FieldDoesNotExist:
        return False
    return True


def display_name(user: AbstractBaseUser | None) -> str:
    """The reader's display name, else their full name, else their username; "Pembaca" once anonymised."""
    if user is None:
        return _("Reader")
    profile = getattr(user, PROFILE_RELATION, None)
    name = (getattr(profile, "display_name", "") or "").strip() if profile is not None else ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return name or full_name.strip() or user.get_username()


def _with_authors(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    related = ["author", f"author__{PROFILE_RELATION}"] if _has_profiles() else ["author"]
    return queryset.select_related(*related)


# --- what a reader sees ------------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    """Whether the viewer may write a comment here, and if not, why ("login", "closed", "banned")."""

    allowed: bool
    reason: str = ""
    ban: Ban | None = None
    premoderated: bool = False


def posting_for(rules: Rules, viewer: Viewer) -> Posting:
    if rules.is_closed:
        return Posting(False, "closed")
    if not viewer.is_authenticated:
        return Posting(False, "login")
    ban = active_ban(viewer)
    if ban is not None:
        return Posting(False, "banned", ban=ban)
    return Posting(True, premoderated=rules.is_premoderated and not is_newsroom(viewer))


@dataclass
class CommentView:
    comment: Comment
    author_name: str
    is_own: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_reply: bool = False
    can_report: bool = False
    reported: bool = False
    replies: list[CommentView] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.comment.pk


@dataclass
class Section:
    article: ArticlePage
    rules: Rules
    posting: Posting
    sort: str
    page: Page[Comment]
    threads: list[CommentView]
    reply_to: CommentView | None = None


def _visible_to(viewer: Viewer) -> Q:
    visible = Q(status=Comment.Status.APPROVED)
    if viewer.is_authenticated:
        # Readers see their own comments that wait for a moderator, marked as such.
        visible |= Q(status=Comment.Status.PENDING, author_id=viewer.pk)
    return visible


def top_level_comments(article: ArticlePage, viewer: Viewer, sort: str = NEWEST) -> QuerySet[Comment]:
    visible_replies = Comment.objects.filter(parent_id=OuterRef("pk"), status=Comment.Status.APPROVED)
    order = ("-created_at", "-pk") if sort == NEWEST else ("created_at", "pk")
    return _with_authors(
        Comment.objects.filter(article_id=article.pk, parent__isnull=True)
        .filter(_visible_to(viewer) | (Q(status=Comment.Status.DELETED) & Q(Exists(visible_replies))))
        .order_by(*order)
    )


def comment_view(
    comment: Comment, viewer: Viewer, posting: Posting, reported: set[int], now: dt.datetime
) -> CommentView:
    own = viewer.is_authenticated and comment.author_id == viewer.pk
    live = comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
    deleted = comment.status == Comment.Status.DELETED
    return CommentView(
        comment=comment,
        author_name="" if deleted else display_name(comment.author),
        is_own=own,
        can_edit=own and live and now - comment.created_at <= EDIT_WINDOW,
        can_delete=own and not deleted,
        can_reply=posting.allowed and comment.parent_id is None and comment.status == Comment.Status.APPROVED,
        can_report=viewer.is_authenticated and not own and comment.status == Comment.Status.APPROVED,
        reported=comment.pk in reported,
    )


def comments_section(
    article: ArticlePage,
    viewer: Viewer,
    sort: str = NEWEST,
    page_number: Any = 1,
    reply_to_id: Any = None,
    rules: Rules | None = None,
) -> Section:
    """One page of threads (top-level comments, each with its replies, oldest reply first) for `viewer`."""
    sort = sort if sort in SORTS else NEWEST
    rules = rules or rules_for(article)
    posting = posting_for(rules, viewer)
    now = timezone.now()
    page = Paginator(top_level_comments(article, viewer, sort), PAGE_SIZE).get_page(page_number)
    top = list(page.object_list)
    replies = (
        list(
            _with_authors(
                Comment.objects.filter(parent_id__in=[c.pk for c in top]).filter(_visible_to(viewer))
            ).order_by("created_at", "pk")
        )
        if top
        else []
    )
    shown = [c.pk for c in top] + [c.pk for c in replies]
    reported = (
        set(
            CommentReport.objects.filter(reporter_id=viewer.pk, comment_id__in=shown).values_list(
                "comment_id", flat=True
            )
        )
        if viewer.is_authenticated and shown
        else set()
    )
    threads = [comment_view(c, viewer, posting, reported, now) for c in top]
    by_id: dict[int | None, CommentView] = {view.pk: view for view in threads}  # replies' parent_id: never None
    for reply in replies:
        by_id[reply.parent_id].replies.append(comment_view(reply, viewer, posting, reported, now))
    reply_to = None
    if reply_to_id and posting.allowed:
        target = reply_target(article, reply_to_id)
        if target is not None:
            reply_to = comment_view(target, viewer, posting, reported, now)
    return Section(article, rules, posting, sort, page, threads, reply_to)


def reply_target(article: ArticlePage, comment_id: Any) -> Comment | None:
    """A comment of this article that can take a reply: visible and not itself a reply."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        return None
    return (
        _with_authors(Comment.objects.filter(pk=pk, article_id=article.pk, parent__isnull=True))
        .filter(status=Comment.Status.APPROVED)
        .first()
    )


def single_view(comment: Comment, viewer: Viewer) -> CommentView:
    """One comment as `viewer` sees it, for answers that replace it in place."""
    rules = rules_for(comment.article)
    posting = posting_for(rules, viewer)
    reported = (
        set(CommentReport.objects.filter(reporter_id=viewer.pk, comment=comment).values_list("comment_id", flat=True))
        if viewer.is_authenticated
        else set()
    )
    return comment_view(comment, viewer, posting, reported, timezone.now())


def count_visible(article_id: int) -> int:
    """What `ArticlePage.comment_count` holds: approved comments whose thread readers can see."""
    return (
        Comment.objects.filter(article_id=article_id, status=Comment.Status.APPROVED)
        .filter(Q(parent__isnull=True) | Q(parent__status__in=[Comment.Status.APPROVED, Comment.Status.DELETED]))
        .count()
    )


def reader_comments(user: AbstractBaseUser) -> QuerySet[Comment]:
    return Comment.objects.filter(author_id=user.pk).select_related("article").order_by("created_at", "pk")


# --- moderation --------------------------------------------------------------------------------

QUEUE_FILTERS = {
    "pending": Q(status=Comment.Status.PENDING),
    "reported": Q(open_reports__gt=0) & ~Q(status=Comment.Status.DELETED),
    "spam": Q(status=Comment.Status.SPAM),
    "rejected": Q(status=Comment.Status.REJECTED),
    "all": ~Q(status=Comment.Status.DELETED),
}


def moderation_queue(
    status: str = "pending", search: str = "", article_id: int | None = None, author_id: int | None = None
) -> QuerySet[Comment]:
    """Comments to decide on: the pending ones oldest first (a queue), the others newest first."""
    queryset = Comment.objects.filter(QUEUE_FILTERS.get(status, QUEUE_FILTERS["pending"]))
    if article_id:
        queryset = queryset.filter(article_id=article_id)
    if author_id:
        queryset = queryset.filter(author_id=author_id)
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(text__icontains=search)
            | Q(author__username__icontains=search)
            | Q(author__email__icontains=search)
            | Q(article__title__icontains=search)
        )
    order = ("created_at", "pk") if status == "pending" else ("-created_at", "-pk")
    return (
        _with_authors(queryset)
        .select_related("article", "parent", "moderated_by")
        .prefetch_related("reports")
        .order_by(*order)
    )


def queue_counts() -> dict[str, int]:
    return {
        "pending": Comment.objects.filter(QUEUE_FILTERS["pending"]).count(),
        "reported": Comment.objects.filter(QUEUE_FILTERS["reported"]).count(),
    }


def banned_user_ids(user_ids: list[int]) -> set[int]:
    now = timezone.now()
    return set(
        Ban.objects.filter(user_id__in=user_ids)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("user_id", flat=True)
    )


def comment_for_moderation(comment_id: int) -> Comment | None:
    return (
        _with_authors(Comment.objects.filter(pk=comment_id))
        .select_related("article", "parent", "parent__author", "moderated_by")
        .prefetch_related("reports__reporter")
        .first()
    )
