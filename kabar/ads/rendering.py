"""The ads in the public pages' slots (kabar/delivery/slots.py; declared in wagtail_hooks.py).

Every ad is a labelled box ("Iklan") of its placement's fixed size, so the page holds its place
before the image or tag arrives. House ads are plain linked images (they work without JS; below
the fold they load lazily). Google Ad Manager tags are empty boxes that ads.js fills only when
they come near the viewport; the page's CSP is widened for that page alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from kabar.ads import queries
from kabar.ads.models import Creative, Placement
from kabar.articles.models import ArticlePage, SectionPage
from kabar.delivery import slots

SHOWN = "ads:shown"
NAMED = "ads:named"
SCRIPT_ADDED = "ads:script"
# What a page showing a Google Ad Manager tag must allow (Google's GPT, its SafeFrames, its pings).
GPT_SOURCES = {
    "script-src": [
        "https://securepubads.g.doubleclick.net",
        "https://pagead2.googlesyndication.com",
        "https://tpc.googlesyndication.com",
        "https://www.googletagservices.com",
    ],
    "frame-src": [
        "https://securepubads.g.doubleclick.net",
        "https://googleads.g.doubleclick.net",
        "https://tpc.googlesyndication.com",
        "https://*.safeframe.googlesyndication.com",
    ],
    "connect-src": [
        "https://securepubads.g.doubleclick.net",
        "https://pagead2.googlesyndication.com",
    ],
}


def _section_id(context: Any) -> int | None:
    """The section of the page being rendered (an article's, or the section page itself)."""
    page = context.get("page") if context is not None else None
    page = getattr(page, "specific", page)
    if isinstance(page, SectionPage):
        return page.pk
    if isinstance(page, ArticlePage):
        return page.section_id
    return None


# Where on the page each placement stands: a page slot (kabar/delivery/slots.py) and its order there.
PLACEMENT_SLOTS = {
    Placement.Key.TOP: ("below_header", 20),
    Placement.Key.IN_ARTICLE: ("in_body", 50),
    Placement.Key.LIST: ("in_list", 50),
    Placement.Key.SIDEBAR: ("side_rail", 50),
    Placement.Key.STICKY: ("page_end", 50),
}
PARAGRAPH = "paragraph"


def _paragraph_position(after: Any, among: Sequence[Any] | None) -> tuple[int, int] | None:
    """(n, total) when `after` is the n-th of `total` paragraphs in `among`; None for other blocks."""
    if among is None or getattr(after, "block_type", None) != PARAGRAPH:
        return None
    position = total = 0
    for item in among:
        if getattr(item, "block_type", None) == PARAGRAPH:
            total += 1
            if item is after:
                position = total
    return (position, total) if position else None


def render_placement(key: str, slot: slots.Slot) -> str:
    if slot.context is not None and slot.context.get("kabar_no_ads"):
        return ""
    setup = queries.ad_setup()
    placement = setup.placements.get(key)
    if placement is None:
        return ""
    position = slot.options.get("position")
    total = slot.options.get("total")
    if "after" in slot.options:
        # In an article's body ads count paragraphs: "after the 2nd paragraph, then every 3rd".
        found = _paragraph_position(slot.options["after"], slot.options.get("among"))
        if found is None:
            return ""
        position, total = found
    if placement.key in Placement.REPEATING and (
        not isinstance(position, int) or not isinstance(total, int) or position not in placement.positions(total)
    ):
        return ""
    now = timezone.now()
    shown: set[int] = slot.state.setdefault(SHOWN, set())
    path = slot.request.path if slot.request is not None else ""
    choice = queries.choose(
        setup,
        placement.key,
        section_id=_section_id(slot.context),
        now=now,
        seed=f"{path}|{placement.key}|{position}|{now:%Y%m%d%H}",
        exclude=shown,
    )
    if choice is None:
        return ""
    shown.add(choice.id)
    if choice.kind == Creative.Kind.GPT:
        slots.allow_sources(slot.request, GPT_SOURCES)
    half_page_image = choice.images.get(placement.key + queries.HALF_PAGE)
    context = {
        "placement": placement,
        "creative": choice,
        "name": _landmark_name(placement.key, slot),
        "image": choice.images.get(placement.key),
        "sources": _sources(placement.key, choice),
        "half_page": half_page_image is not None,
        "eager": placement.key == Placement.Key.TOP,
        "element_id": f"kabar-ad-{placement.key}-{position or 1}",
        "gpt_sizes": ",".join(f"{w}x{h}" for w, h in choice.gpt_sizes),
        "click_url": reverse("ads:click", args=[choice.id]),
        "script": None,
    }
    if not slot.state.get(SCRIPT_ADDED):
        slot.state[SCRIPT_ADDED] = True
        context["script"] = static("ads/ads.js")
        context["impressions_url"] = reverse("ads:impressions")
    template = "ads/sticky.html" if placement.key == Placement.Key.STICKY else "ads/slot.html"
    return render_to_string(template, context)


def _landmark_name(key: str, slot: slots.Slot) -> str:
    """The ad's landmark name: unique on the page (axe), holding the visible label "Iklan" (label in name).

    "Iklan - Bilah samping" (with an en dash), numbered from the second ad of one placement on: "… 2".
    """
    named: Counter[str] = slot.state.setdefault(NAMED, Counter())
    named[key] += 1
    label = f"{gettext('Ad')} \N{EN DASH} {Placement.Key(key).label}"
    return label if named[key] == 1 else f"{label} {named[key]}"


def _sources(key: str, choice: queries.AdChoice) -> list[dict[str, Any]]:
    """The <picture> sources of a house ad's box on wider screens, widest first: (media, srcset, size)."""
    found = []
    for suffix, media, size in (
        (queries.HALF_PAGE, queries.HALF_PAGE_MEDIA, Placement.HALF_PAGE.get(key)),
        (queries.WIDE, "(min-width: 48rem)", queries.WIDE_SIZES.get(key)),
    ):
        image = choice.images.get(key + suffix)
        if image is not None and size is not None:
            found.append({"media": media, "image": image, "width": size[0], "height": size[1]})
    return found


def stylesheet(slot: slots.Slot) -> str:
    """The boxes' fixed sizes, before anything in them loads: the page does not move (CLS)."""
    return format_html('<link rel="stylesheet" href="{}">', static("ads/ads.css"))


def slot_fillers() -> list[slots.Filler]:
    fillers = [slots.Filler("head", stylesheet, order=30, advertising=True)]
    for key, (slot, order) in PLACEMENT_SLOTS.items():
        fillers.append(slots.Filler(slot, partial(render_placement, key), order=order, advertising=True))
    return fillers
