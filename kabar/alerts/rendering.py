"""What alerts put in the public pages' slots (kabar/delivery/slots.py; declared in wagtail_hooks.py)."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from kabar.alerts import queries
from kabar.articles.models import LiveStatus
from kabar.delivery import slots

logger = logging.getLogger(__name__)


def breaking_banner(slot: slots.Slot) -> str:
    """The breaking story's banner under the header of every page while it is up."""
    try:
        banner = queries.breaking_banner()
    except Exception:
        # The error pages render it too, possibly while the database is down: no banner then.
        logger.debug("no breaking banner: its query failed", exc_info=True)
        return ""
    if banner is None:
        return ""
    return render_to_string("alerts/breaking_banner.html", {"breaking_banner": banner})


def follow_story(slot: slots.Slot) -> str:
    """ "Ikuti liputan ini" on a story covered live: the same bytes for every reader; alerts.js does the rest."""
    page = slot.context.get("page") if slot.context is not None else None
    if page is None or getattr(page, "live_status", "") != LiveStatus.LIVE:
        return ""
    return render_to_string("alerts/slots/follow_story.html", {"topic": queries.story_topic(page.pk)})


def slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("head", slots.template("alerts/slots/head.html"), order=20),
        slots.Filler("header_tools", slots.template("alerts/bell.html"), order=20),
        slots.Filler("below_header", breaking_banner, order=10),
        slots.Filler("article_actions", follow_story, order=60),
    ]
