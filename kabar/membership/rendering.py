"""What Kabar+ puts in the public pages' slots (kabar/delivery/slots.py). The same HTML for every reader
of a variant, so the pages stay cacheable: no user, no session, no CSRF token here."""

from __future__ import annotations

from django.template.loader import render_to_string

from kabar.delivery import slots
from kabar.delivery.slots import Slot
from kabar.delivery.variants import MEMBER, READER
from kabar.membership import queries


def invitation(slot: Slot) -> str:
    """After the article body, for the "reader" variant: read Kabar without ads, from Rp 49.000 a month."""
    plan = queries.plan_to_invite_with()
    if plan is None:
        return ""
    return render_to_string("membership/includes/invitation.html", {"plan": plan})


def badge(slot: Slot) -> str:
    """In the header, for the "member" variant."""
    return render_to_string("membership/includes/badge.html")


def slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("header_tools", badge, order=10, variants=frozenset([MEMBER])),
        slots.Filler("after_article", invitation, order=10, variants=frozenset([READER])),
        slots.Filler("footer_links", slots.template("membership/includes/footer_link.html")),
    ]
