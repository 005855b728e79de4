"""What a reader's request meets of a live report besides its page model: its URLs, live.js in the
article head, and the dispatch that serves a report found at the dated article URL as a report.
Registered in wagtail_hooks.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import URLResolver, include, path
from wagtail import hooks
from wagtail.models import Page
from wagtail.views import serve_chain

from kabar.articles.models import ArticlePage
from kabar.delivery import slots
from kabar.live.models import LiveReportPage


def public_urls() -> list[URLResolver]:
    return [path("live/", include("kabar.live.urls"))]


def live_head(slot: slots.Slot) -> str:
    # Only a live report's page loads live.js and live.css; an article's head stays as it was.
    page = slot.context.get("page") if slot.context is not None else None
    if not isinstance(page, LiveReportPage):
        return ""
    return render_to_string("live/slots/article_head.html", {"request": slot.request})


def slot_fillers() -> list[slots.Filler]:
    return [slots.Filler("article_head", live_head, order=40)]


def serve_reports_as_reports(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse | None:
    """Serve a report as the LiveReportPage it is, through the same serve hooks (privacy first).

    The dated article URL finds every story as an ArticlePage (articles.views.article, which may not
    name a feature app), and an ArticlePage renders the article template.
    """
    if type(page) is not ArticlePage or page.specific_class is not LiveReportPage:
        return None
    report = page.specific
    for before_serve in hooks.get_hooks("before_serve_page"):
        if before_serve is serve_reports_as_reports:
            continue
        result = before_serve(report, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    serve = serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrap(serve)
    response: HttpResponse = serve(report, request, args, kwargs)
    return response
