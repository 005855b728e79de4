"""The readers' comment pages: never cached (they carry the reader, the session and a CSRF token).

Each page works as plain HTML forms (POST, then a redirect). comments.js asks for the same views
with the header ``X-Kabar-Fragment: 1`` and gets back only the piece that changed: the section,
a form, or one comment (see templates/comments/includes/result.html).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabar.articles.models import ArticlePage
from kabar.comments import queries, services
from kabar.comments.forms import CommentForm, EditForm, ReportForm
from kabar.comments.models import Comment
from kabar.comments.services import CommentRefused
from kabar.comments.text import max_length
from kabar.core.ratelimit import client_ip

logger = logging.getLogger(__name__)

FRAGMENT_HEADER = "X-Kabar-Fragment"
# Refusals about the text itself are shown on the text field; the others above the form.
TEXT_CODES = {"empty", "too_long", "binary"}


def is_fragment(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def private(response: HttpResponse) -> HttpResponse:
    """No cache anywhere may keep this: it is one reader's view."""
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie", FRAGMENT_HEADER])
    return response


def _article_or_404(article_id: int) -> ArticlePage:
    article = queries.commentable_article(article_id)
    if article is None:
        logger.warning("comments of article %s asked for; it is not a public article", article_id)
        raise Http404("No such article")
    return article


def _comment_or_404(comment_id: int) -> Comment:
    comment = Comment.objects.select_related("article", "author").filter(pk=comment_id).first()
    if comment is None or queries.commentable_article(comment.article_id) is None:
        logger.warning("comment %s asked for; it does not exist or its article is not public", comment_id)
        raise Http404("No such comment")
    return comment


def _query(request: HttpRequest, **extra: Any) -> str:
    """The listing's sort and page, to come back to the same place after a form."""
    params = {key: request.GET[key] for key in ("sort", "page") if request.GET.get(key)}
    params.update({key: value for key, value in extra.items() if value})
    return urlencode(params)


def _urls(request: HttpRequest, article: ArticlePage, fragment: bool) -> dict[str, str]:
    page_url = reverse("comments:page", args=[article.pk])
    # From the article page (JS), the reader comes back to the article; without JS, to this page.
    back = f"{article.dated_path()}#komentar" if fragment else page_url
    return {
        "page_url": page_url,
        "fragment_url": reverse("comments:fragment", args=[article.pk]),
        "post_url": reverse("comments:post", args=[article.pk]),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': back})}",
        "article_url": article.dated_path(),
    }


def section_context(
    request: HttpRequest,
    article: ArticlePage,
    *,
    form: CommentForm | None = None,
    reply_to: Any = None,
    fragment: bool = False,
) -> dict[str, Any]:
    section = queries.comments_section(
        article,
        request.user,
        sort=request.GET.get("sort", queries.NEWEST),
        page_number=request.GET.get("page"),
        reply_to_id=reply_to if reply_to is not None else request.GET.get("reply"),
    )
    return {
        "article": article,
        "section": section,
        "form": form or CommentForm(),
        "fragment": fragment,
        "max_length": max_length(),
        "ban_message": services.ban_message(section.posting.ban) if section.posting.ban else "",
        "query": _query(request),
        **_urls(request, article, fragment),
    }


@require_GET
def comments_page(request: HttpRequest, article_id: int) -> HttpResponse:
    """/komentar/<id>/: the article's comments, sort, pages, replies and the form, as a page of its own."""
    article = _article_or_404(article_id)
    return private(render(request, "comments/comments_page.html", section_context(request, article)))


@require_GET
def comments_fragment(request: HttpRequest, article_id: int) -> HttpResponse:
    """/komentar/<id>/bagian/: the same section without the page around it, for the article page's script."""
    article = _article_or_404(article_id)
    context = section_context(request, article, fragment=True)
    return private(render(request, "comments/includes/section.html", context))


def _result(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    article = context.get("article")
    if article is not None:
        # The count as it is now, for the heading the script already shows.
        counted = ArticlePage.objects.filter(pk=article.pk).values_list("comment_count", flat=True).first()
        context = {**context, "count": counted}
    return private(render(request, "comments/includes/result.html", context, status=status))


@require_POST
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article_or_404(article_id)
    if not request.user.is_authenticated:
        logger.info("anonymous comment on article %s sent to log in", article.pk)
        return redirect_to_login(reverse("comments:page", args=[article.pk]))
    form = CommentForm(request.POST)
    form.is_valid()
    # The raw text: services.post_comment checks it (a form would drop a NUL before anyone saw why).
    parent_id = request.POST.get("parent") or None
    try:
        comment = services.post_comment(
            article=article,
            author=request.user,
            body=request.POST.get("text", ""),
            parent_id=parent_id,
            ip=client_ip(request),
        )
    except CommentRefused as refusal:
        field = "text" if refusal.code in TEXT_CODES else None
        form.add_error(field, refusal.message)
        # A refused reply target is dropped, so the text can still go as a comment of its own.
        reply_to = None if refusal.code == "bad_parent" else parent_id
        fragment = is_fragment(request)
        context = section_context(request, article, form=form, reply_to=reply_to or "", fragment=fragment)
        if fragment:
            return _result(request, {**context, "result": "form"}, status=refusal.status)
        return private(render(request, "comments/comments_page.html", context, status=refusal.status))
    if comment.status == Comment.Status.APPROVED:
        message = _("Your comment is published.")
    else:
        message = _("Thank you. Your comment waits for a moderator; until then only you can see it.")
    if is_fragment(request):
        item = queries.single_view(comment, request.user)
        context = {"article": article, "query": _query(request), **_urls(request, article, True)}
        return _result(request, {**context, "result": "insert", "item": item, "message": message})
    messages.success(request, message)
    # A new comment shows first among the newest; a reply in the thread where the reader was.
    query = _query(request) if comment.parent_id else ""
    return redirect(
        f"{reverse('comments:page', args=[article.pk])}{'?' + query if query else ''}#komentar-{comment.pk}"
    )


def _action_page(
    request: HttpRequest, comment: Comment, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A comment action's form: alone for the script, or on a page of its own without it."""
    fragment = is_fragment(request)
    context = {
        **context,
        "comment": comment,
        "item": queries.single_view(comment, request.user),
        "article": comment.article,
        "panel_template": template,
        "query": _query(request),
        **_urls(request, comment.article, fragment),
    }
    if fragment:
        return _result(request, {**context, "result": "panel"}, status=status)
    return private(render(request, "comments/action_page.html", context, status=status))


def _done(
    request: HttpRequest, comment_id: int, article: ArticlePage, message: str, kept: Comment | None = None
) -> HttpResponse:
    if is_fragment(request):
        context = {
            "article": article,
            "message": message,
            "target": f"komentar-{comment_id}",
            "query": _query(request),
            **_urls(request, article, True),
        }
        if kept is None:
            return _result(request, {**context, "result": "remove"})
        return _result(request, {**context, "result": "replace", "item": queries.single_view(kept, request.user)})
    messages.success(request, message)
    query = _query(request)
    anchor = f"#komentar-{comment_id}" if kept is not None else "#komentar"
    return redirect(f"{reverse('comments:page', args=[article.pk])}{'?' + query if query else ''}{anchor}")


def _refused(request: HttpRequest, comment: Comment, refusal: CommentRefused) -> HttpResponse:
    if is_fragment(request):
        return _result(request, {"result": "message", "message": refusal.message}, status=refusal.status)
    return private(
        render(
            request,
            "comments/action_page.html",
            {
                "comment": comment,
                "article": comment.article,
                "error": refusal.message,
                **_urls(request, comment.article, False),
            },
            status=refusal.status,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(comment_id)
    try:
        services.check_can_edit(comment, request.user)
    except CommentRefused as refusal:
        return _refused(request, comment, refusal)
    form = EditForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST":
        form.is_valid()
        try:
            services.edit_comment(comment, request.user, request.POST.get("text", ""))
        except CommentRefused as refusal:
            form.add_error("text" if refusal.code in TEXT_CODES else None, refusal.message)
            return _action_page(request, comment, "comments/includes/edit_form.html", {"form": form}, refusal.status)
        comment.refresh_from_db()
        if comment.status == Comment.Status.APPROVED:
            message = _("Your comment is changed.")
        else:
            message = _("Your comment is changed and waits for a moderator.")
        return _done(request, comment.pk, comment.article, message, kept=comment)
    return _action_page(request, comment, "comments/includes/edit_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(comment_id)
    try:
        services.check_owner(comment, request.user, "delete")
    except CommentRefused as refusal:
        return _refused(request, comment, refusal)
    if request.method == "POST":
        comment_id = comment.pk  # a deleted row forgets its id
        try:
            kept = services.delete_comment(comment, request.user)
        except CommentRefused as refusal:
            return _refused(request, comment, refusal)
        return _done(request, comment_id, comment.article, _("Your comment is deleted."), kept=kept)
    return _action_page(request, comment, "comments/includes/delete_form.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(comment_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            services.report_comment(comment, request.user, reason)
        except CommentRefused as refusal:
            return _refused(request, comment, refusal)
        comment.refresh_from_db()
        message = _("Thank you. The moderators will look at this comment.")
        return _done(request, comment.pk, comment.article, message, kept=comment)
    try:
        services.check_can_report(comment, request.user)
    except CommentRefused as refusal:
        return _refused(request, comment, refusal)
    return _action_page(request, comment, "comments/includes/report_form.html", {"form": form})
