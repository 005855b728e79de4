"""Moderation screens in Wagtail's admin: the queue ("Antrean moderasi"), one comment, a ban, and an
article's comment policy. Open to anyone with comments.moderate_comment (Moderator, Redaktur, Admin)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kabar.articles.models import ArticlePage
from kabar.comments import queries, services
from kabar.comments.forms import BanForm, PolicyForm, QueueFilterForm
from kabar.comments.models import Comment
from kabar.comments.services import CommentRefused

logger = logging.getLogger(__name__)

MODERATE = "comments.moderate_comment"


def require_moderator(request: HttpRequest) -> None:
    if not request.user.has_perm(MODERATE):
        logger.warning("user %s refused the moderation screens", request.user.pk)
        raise PermissionDenied


def _filter_tabs() -> list[tuple[str, str]]:
    return [
        ("pending", _("Pending")),
        ("reported", _("Reported")),
        ("spam", _("Spam")),
        ("rejected", _("Rejected")),
        ("all", _("All")),
    ]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def queue(request: HttpRequest) -> HttpResponse:
    require_moderator(request)
    if request.method == "POST":
        return _act(request)
    status = request.GET.get("status", "pending")
    status = status if status in queries.QUEUE_FILTERS else "pending"
    form = QueueFilterForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    article_id, author_id = _int(request.GET.get("article")), _int(request.GET.get("author"))
    comments = queries.moderation_queue(status, search, article_id=article_id, author_id=author_id)
    page = Paginator(comments, queries.QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    rows = list(page.object_list)
    banned = queries.banned_user_ids([c.author_id for c in rows if c.author_id])
    query = request.GET.copy()
    query.pop("p", None)
    base = request.GET.copy()
    base.pop("p", None)
    base.pop("status", None)
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "rows": [
                {"comment": c, "author_name": queries.display_name(c.author), "banned": c.author_id in banned}
                for c in rows
            ],
            "page": page,
            "status": status,
            "tabs": _filter_tabs(),
            "counts": queries.queue_counts(),
            "form": form,
            "query_string": query.urlencode(),
            "tab_query": base.urlencode(),
            "article": ArticlePage.objects.filter(pk=article_id).first() if article_id else None,
            "author": get_user_model().objects.filter(pk=author_id).first() if author_id else None,
            "next_url": request.get_full_path(),
            "header_title": _("Comment moderation"),
            "page_title": _("Comment moderation"),
            "header_icon": "comment",
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("comments_queue")


def _act(request: HttpRequest) -> HttpResponse:
    """One row's button ("approve:12") or the bulk action on the ticked rows."""
    row_action = request.POST.get("row_action", "")
    if row_action:
        action, _sep, comment_id = row_action.partition(":")
        ids = [comment_id]
    else:
        action = request.POST.get("action", "")
        ids = request.POST.getlist("ids")
    if action not in services.MODERATION_ACTIONS:
        messages.error(request, _("Choose what to do with the comments."))
        return _back(request)
    if not ids:
        messages.warning(request, _("Tick the comments to act on first."))
        return _back(request)
    try:
        done = services.moderate_comments(ids, action, request.user)
    except CommentRefused as refusal:
        messages.error(request, refusal.message)
        return _back(request)
    labels = {
        "approve": ngettext("%(count)d comment approved.", "%(count)d comments approved.", done),
        "reject": ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", done),
        "spam": ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", done),
    }
    messages.success(request, labels[action] % {"count": done})
    return _back(request)


def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    require_moderator(request)
    comment = queries.comment_for_moderation(comment_id)
    if comment is None:
        raise Http404("No such comment")
    return TemplateResponse(
        request,
        "comments/admin/detail.html",
        {
            "comment": comment,
            "author_name": queries.display_name(comment.author),
            "ban": queries.active_ban(comment.author) if comment.author else None,
            "reports": list(comment.reports.all()),
            "next_url": reverse("comments_detail", args=[comment.pk]),
            "header_title": _("Comment #%(id)s") % {"id": comment.pk},
            "page_title": _("Comment moderation"),
            "header_icon": "comment",
        },
    )


def ban(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Ban the comment's writer ("Blokir pembaca"), by default rejecting the comment too."""
    require_moderator(request)
    comment = get_object_or_404(Comment.objects.select_related("author", "article"), pk=comment_id)
    if comment.author is None:
        messages.error(request, _("This comment no longer has a writer to ban."))
        return redirect("comments_detail", comment.pk)
    form = BanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ban_reader(
                comment.author, request.user, form.cleaned_data["reason"], form.expires_at(timezone.now())
            )
            if form.cleaned_data["reject_comment"] and comment.status not in (
                Comment.Status.REJECTED,
                Comment.Status.SPAM,
                Comment.Status.DELETED,
            ):
                services.reject_comment(comment, request.user)
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("%(name)s may not comment any more.") % {"name": queries.display_name(comment.author)}
            )
            return redirect("comments_queue")
    return TemplateResponse(
        request,
        "comments/admin/ban.html",
        {
            "form": form,
            "comment": comment,
            "author_name": queries.display_name(comment.author),
            "header_title": _("Ban a reader"),
            "page_title": _("Ban a reader"),
            "header_icon": "comment",
        },
    )


def article_comments(request: HttpRequest, page_id: int) -> HttpResponse:
    """An article's comment mode and closing time, set without a page revision."""
    require_moderator(request)
    article = get_object_or_404(ArticlePage, pk=page_id)
    policy = queries.article_policy(article)
    initial = {"mode": policy.mode, "auto_close_days": policy.auto_close_days} if policy else {}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_article_policy(
                article, request.user, form.cleaned_data["mode"], form.cleaned_data["auto_close_days"]
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Comment settings of “%(title)s” saved.") % {"title": article.title})
            return redirect("comments_article", article.pk)
    rules = queries.rules_for(article)
    return TemplateResponse(
        request,
        "comments/admin/article.html",
        {
            "form": form,
            "article": article,
            "rules": rules,
            "counts": {
                "visible": article.comment_count,
                "pending": Comment.objects.filter(article=article, status=Comment.Status.PENDING).count(),
            },
            "header_title": _("Comments on “%(title)s”") % {"title": article.title},
            "page_title": _("Comment moderation"),
            "header_icon": "comment",
        },
    )


@require_POST
def moderate_one(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A decision from the comment's own screen."""
    require_moderator(request)
    comment = get_object_or_404(Comment, pk=comment_id)
    action = request.POST.get("action", "")
    try:
        services.moderate_comment(comment, action, request.user)
    except CommentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Done: comment #%(id)s is now “%(status)s”.")
            % {"id": comment.pk, "status": comment.get_status_display()},
        )
    return _back(request)
