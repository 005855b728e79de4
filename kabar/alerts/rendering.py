"""What alerts put in the public pages' slots (kabar/delivery/slots.py; declared in wagtail_hooks.py)."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from kabar.alerts import queries
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


def slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("head", slots.template("alerts/slots/head.html"), order=20),
        slots.Filler("header_tools", slots.template("alerts/bell.html"), order=20),
        slots.Filler("below_header", breaking_banner, order=10),
    ]
