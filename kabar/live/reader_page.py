"""What a reader's request meets of a live report besides its page model: its URLs and live.js in
the article head. Registered in wagtail_hooks.py. (The dated article URL serves a report as its own
page type: articles.views.article renders any ArticlePage subclass as itself.)"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import URLResolver, include, path

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
