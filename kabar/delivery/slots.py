"""Named places in the public templates, and the only way a feature app reaches a public page.

A template says ``{% slot "after_article" %}`` (kabar/delivery/templatetags/slots.py); apps fill the
slot through the ``kabar_slot_fillers`` hook (kabar/core/hooks.py) in their own wagtail_hooks.py::

    @hooks.register(kabar_hooks.SLOT_FILLERS)
    def slot_fillers() -> list[slots.Filler]:
        return [slots.Filler("after_article", render_comments, order=20)]

so no core or content template names a feature app's URLs, static files or templates, and an app
taken out of INSTALLED_APPS leaves its slots empty. Fillers of one slot render in `order` (lowest
first). A renderer gets a `Slot` and returns HTML it has escaped itself (normally render_to_string).
Each filler names the page variants it renders for; an advertising filler renders for "reader"
only, whatever it says, so a Kabar+ member's page holds no ad markup and no ad script.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from kabar.delivery.variants import READER, VARIANTS, variant_of

logger = logging.getLogger(__name__)

# Every slot, where it is and what it gets (`options` beyond the template's context).
SLOTS: dict[str, str] = {
    "head": "in <head> of every public page: stylesheets and deferred scripts",
    "article_head": "in <head> of an article page only",
    "header_tools": "in the header bar, between the logo and the account link (the bell, the Kabar+ badge)",
    "account": "the account link or menu in the header bar",
    "below_header": "under the site header, above the page's content (the breaking banner, the top ad)",
    "in_body": "after each body item of an article: after=<the item>, among=<all items>",
    "article_actions": "in the article's footer, before the share links (save, follow)",
    "after_article": "after the article, before Terkini Lainnya (the Kabar+ invitation, comments)",
    "in_list": "after each card of a list: position=<1-based>, total=<cards>",
    "side_rail": "the right rail of the home, section and article pages, under Terpopuler (the rail ad)",
    "account_page": "sections of the reader's own /akun/ page, after Settings (newsletters)",
    "footer_links": "items (<li>) of the site footer's list of links (Kabar+)",
    "page_end": "the end of every public page (the sticky ad)",
}


@dataclass(frozen=True)
class Slot:
    name: str
    variant: str
    request: HttpRequest | None
    # The template's context (read it with .get): `page`, `self` and whatever the view gave.
    context: Any
    options: Mapping[str, Any] = field(default_factory=dict)
    # One dict per response, shared by every slot on the page (e.g. "the ad script is already in").
    state: dict[str, Any] = field(default_factory=dict)


Renderer = Callable[[Slot], str]


@dataclass(frozen=True)
class Filler:
    """`render` fills `slot` on pages of `variants`; `advertising` ones never on a member's page."""

    slot: str
    render: Renderer
    order: int = 50
    variants: frozenset[str] = frozenset(VARIANTS)
    advertising: bool = False

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"no slot {self.slot!r}; the slots are {sorted(SLOTS)} (kabar/delivery/slots.py)")
        if not self.variants or not set(self.variants) <= set(VARIANTS):
            raise ValueError(f"unknown page variants: {sorted(self.variants)}")
        object.__setattr__(self, "variants", frozenset(self.variants))


def template(name: str, *keys: str) -> Renderer:
    """A renderer of template `name` with these keys of the page's context (and `request`, `slot`)."""

    def render(slot: Slot) -> str:
        context = {key: slot.context.get(key) for key in keys} if slot.context is not None else {}
        # No RequestContext: the context processors would run again for every slot on the page.
        return render_to_string(name, {**context, "request": slot.request, "slot": slot, **slot.options})

    render.__qualname__ = f"template({name!r})"
    return render


_declared: list[Filler] | None = None
_added: list[Filler] = []
# Slot name -> its fillers in order; a page asks for "in_body" once per paragraph.
_by_slot: dict[str, list[Filler]] = {}


def fillers(name: str) -> list[Filler]:
    """The fillers of slot `name`, in order: the apps' (read from the hook once) and any added."""
    global _declared
    found = _by_slot.get(name)
    if found is None:
        if _declared is None:
            from kabar.core import hooks

            _declared = hooks.collected(hooks.SLOT_FILLERS, Filler)
        found = sorted((f for f in (*_declared, *_added) if f.slot == name), key=lambda filler: filler.order)
        _by_slot[name] = found
    return found


def add(filler: Filler) -> None:
    """Fill a slot from code (tests, a plug-in under trial); apps declare theirs through the hook."""
    if filler not in _added:
        _added.append(filler)
        _by_slot.clear()


def remove(filler: Filler) -> None:
    if filler in _added:
        _added.remove(filler)
        _by_slot.clear()


def _state(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    state = getattr(request, "_kabar_slot_state", None)
    if state is None:
        state = {}
        request._kabar_slot_state = state
    return state


def render(name: str, request: HttpRequest | None, context: Any, **options: Any) -> SafeString:
    """Everything that fills slot `name` on this request's page variant; "" when nothing does."""
    found = fillers(name)
    if not found:
        return SafeString("")
    variant = variant_of(request)
    slot = Slot(name=name, variant=variant, request=request, context=context, options=options, state=_state(request))
    parts = []
    for filler in found:
        if variant not in filler.variants or (filler.advertising and variant != READER):
            continue
        try:
            parts.append(str(filler.render(slot)))
        except Exception:
            # A broken ad or invitation must never take the article down with it.
            logger.exception("slot %s: renderer %r failed", name, filler.render)
    return mark_safe("".join(parts))  # noqa: S308 - renderers return HTML they escaped themselves


# --- Content-Security-Policy additions ---------------------------------------------------------


def allow_sources(request: HttpRequest | None, directives: Mapping[str, Iterable[str]]) -> None:
    """Widen this response's CSP, e.g. for a third-party ad tag rendered on it, and no other response."""
    if request is None:
        return
    wanted: dict[str, list[str]] = getattr(request, "_kabar_csp_update", None) or {}
    for directive, sources in directives.items():
        current = wanted.setdefault(directive, [])
        current.extend(source for source in sources if source not in current)
    request._kabar_csp_update = wanted


class SlotCspMiddleware:
    """Hands the sources slots asked for to django-csp, which reads them from the response.

    Sits below csp.middleware.CSPMiddleware in MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wanted = getattr(request, "_kabar_csp_update", None)
        if wanted and getattr(response, "_csp_update", None) is None:
            response._csp_update = {directive: list(sources) for directive, sources in wanted.items()}
        return response
