"""Newsroom admin screens that Wagtail does not have: "Tulis artikel", "Tambah ralat" and the bin.

Also /admin/login/, which sends staff to the site's one login (django-allauth's, with two-factor).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.search import SearchView

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
from kabar.newsroom import queries, security, services
from kabar.newsroom.forms import CorrectionForm, NewArticleForm


def new_article(request: HttpRequest) -> HttpResponse:
    """Pick a section; the article is then written in that section's folder for this month."""
    form = NewArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = form.cleaned_data["section"]
        folder = article_services.month_folder(section)
        if not folder.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return redirect("wagtailadmin_pages:add", "articles", "articlepage", folder.pk)
    return TemplateResponse(request, "newsroom/new_article.html", {"form": form, "header_title": _("Write an article")})


def add_correction(request: HttpRequest, page_id: int) -> HttpResponse:
    """Publish a correction note on a live article; the page then shows it and "Diperbarui"."""
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not article.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article_services.correct_article(article, form.cleaned_data["note"], user=request.user)
        except ValueError as error:
            form.add_error("note", str(error))
        else:
            messages.success(request, _("Correction published on “%(title)s”.") % {"title": article.title})
            return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    return TemplateResponse(
        request,
        "newsroom/add_correction.html",
        {"form": form, "article": article, "header_title": _("Add a correction")},
    )


# --- the bin ("Tempat sampah") -------------------------------------------------------------


def _next_url(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return fallback


def bin_index(request: HttpRequest) -> HttpResponse:
    """Every binned article, when it goes for good, and the ways back ("Pulihkan")."""
    if not request.user.has_perm("newsroom.move_to_bin"):
        raise PermissionDenied
    entries = [(entry, queries.deleted_for_good_at(entry)) for entry in queries.binned_articles()]
    return TemplateResponse(
        request,
        "newsroom/bin.html",
        {
            "entries": entries,
            "bin_days": settings.KABAR_BIN_DAYS,
            "can_empty": services.can_empty_bin(request.user),
            "header_title": _("Bin"),
            "page_title": _("Bin"),
            "header_icon": "bin",
        },
    )


def move_to_bin(request: HttpRequest, page_id: int) -> HttpResponse:
    """Wagtail's "Delete" for an article comes here: it is unpublished and put in the bin, not deleted."""
    article = get_object_or_404(ArticlePage, pk=page_id)
    if queries.is_binned(article.pk):
        messages.info(request, _("“%(title)s” is already in the bin.") % {"title": article.title})
        return redirect("newsroom_bin")
    if not services.can_bin(request.user, article):
        raise PermissionDenied
    folder_url = reverse("wagtailadmin_explore", args=[article.get_parent().pk])
    if request.method == "POST":
        services.move_to_bin(article, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is in the bin. It can be restored there for %(days)d days.")
            % {"title": article.title, "days": settings.KABAR_BIN_DAYS},
        )
        return redirect(_next_url(request, folder_url))
    return TemplateResponse(
        request,
        "newsroom/confirm_bin.html",
        {
            "article": article,
            "question": _("Move “%(title)s” to the bin?") % {"title": article.title},
            "explanation": _(
                "It is unpublished at once and kept in the bin for %(days)d days, where an editor can restore "
                "it. After that it is deleted for good."
            )
            % {"days": settings.KABAR_BIN_DAYS},
            "action_label": _("Move to the bin"),
            "cancel_url": _next_url(request, folder_url),
            "next": _next_url(request, ""),
            "header_title": _("Move to the bin"),
            "page_title": _("Move to the bin"),
            "header_icon": "bin",
        },
    )


@require_POST
def restore_from_bin(request: HttpRequest, page_id: int) -> HttpResponse:
    if not request.user.has_perm("newsroom.move_to_bin"):
        raise PermissionDenied
    article = get_object_or_404(ArticlePage, pk=page_id)
    try:
        services.restore_from_bin(article, user=request.user)
    except services.BinError as error:
        messages.error(request, str(error))
        return redirect("newsroom_bin")
    messages.success(
        request, _("“%(title)s” is restored as a draft. Publish it again when it is ready.") % {"title": article.title}
    )
    return redirect("wagtailadmin_pages:edit", article.pk)


def delete_from_bin(request: HttpRequest, page_id: int) -> HttpResponse:
    """Admin only: delete one binned article for good, before its time is up."""
    if not services.can_empty_bin(request.user):
        raise PermissionDenied
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not queries.is_binned(article.pk):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.delete_from_bin(article, user=request.user)
        except Exception as error:
            messages.error(
                request, _("“%(title)s” could not be deleted: %(error)s") % {"title": article.title, "error": error}
            )
        else:
            messages.success(request, _("“%(title)s” is deleted for good.") % {"title": article.title})
        return redirect("newsroom_bin")
    return TemplateResponse(
        request,
        "newsroom/confirm_bin.html",
        {
            "article": article,
            "question": _("Delete “%(title)s” for good?") % {"title": article.title},
            "explanation": _("The article and all its revisions are deleted. This cannot be undone."),
            "action_label": _("Delete for good"),
            "serious": True,
            "cancel_url": reverse("newsroom_bin"),
            "header_title": _("Delete for good"),
            "page_title": _("Delete for good"),
            "header_icon": "bin",
        },
    )


def empty_bin(request: HttpRequest) -> HttpResponse:
    """Admin only: delete everything in the bin for good, before its time is up."""
    if not services.can_empty_bin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        deleted = services.empty_bin(user=request.user)
        messages.success(
            request,
            ngettext(
                "The bin is empty: %(count)d article deleted for good.",
                "The bin is empty: %(count)d articles deleted for good.",
                deleted,
            )
            % {"count": deleted},
        )
        return redirect("newsroom_bin")
    return TemplateResponse(
        request,
        "newsroom/confirm_bin.html",
        {
            "question": _("Empty the bin?"),
            "explanation": _(
                "Every article in the bin, %(count)d in all, is deleted for good with its revisions. "
                "This cannot be undone."
            )
            % {"count": queries.binned_articles().count()},
            "action_label": _("Empty the bin"),
            "serious": True,
            "cancel_url": reverse("newsroom_bin"),
            "header_title": _("Empty the bin"),
            "page_title": _("Empty the bin"),
            "header_icon": "bin",
        },
    )


class PageSearchWithoutBin(SearchView):
    """Wagtail's page search, without the articles in the bin (its hook for listings doesn't reach search)."""

    def annotate_queryset(self, pages: QuerySet) -> QuerySet:
        return super().annotate_queryset(pages).exclude(pk__in=queries.binned_article_ids())


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login address: Wagtail's password-only form would skip the second factor.

    Staff log in at /akun/login/ (django-allauth), which asks for it. An account that is logged in
    but cannot use the newsroom (a reader's) is told so here: sending it to the login again would loop.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = ""
    next_url = next_url or reverse("wagtailadmin_home")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("account_login"))
    if security.is_staff(request.user):
        return redirect(next_url)
    return TemplateResponse(request, "newsroom/admin_login_refused.html", {})
