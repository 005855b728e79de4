"""Newsroom admin screens that Wagtail does not have: "Tulis artikel" and "Tambah ralat"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
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
