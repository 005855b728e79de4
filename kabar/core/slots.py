"""Named places in the public templates that higher apps fill: ads, the Kabar+ invitation and badge.

The articles templates say only ``{% ad_slot "in_article" ... %}`` or ``{% slot "after_article" %}``
(kabar/core/templatetags/slots.py); the apps that fill them register a renderer here from their
AppConfig.ready(). So articles never imports ads or membership, and ads never imports membership.

A renderer gets a `Slot` and returns HTML it has escaped itself (normally render_to_string).
Each renderer names the page variants it renders for; ad slots render for "reader" only, whatever
a renderer says, so a Kabar+ member's page holds no ad markup and no ad script.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

from kabar.core.variants import READER, VARIANTS, variant_of

logger = logging.getLogger(__name__)

AD_SLOTS = frozenset({"top", "in_article", "list", "sidebar", "sticky"})


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
class _Registration:
    renderer: Renderer
    variants: frozenset[str]


_registry: dict[str, list[_Registration]] = {}


def register(name: str, renderer: Renderer, *, variants: Iterable[str] = (READER,)) -> None:
    """Fill slot `name` with `renderer` on pages of `variants`. Registering the same one again is a no-op."""
    wanted = frozenset(variants)
    if not wanted or not wanted <= set(VARIANTS):
        raise ValueError(f"unknown page variants: {sorted(wanted)}")
    registrations = _registry.setdefault(name, [])
    if any(existing.renderer is renderer for existing in registrations):
        return
    registrations.append(_Registration(renderer, wanted))


def unregister(name: str, renderer: Renderer) -> None:
    _registry[name] = [r for r in _registry.get(name, []) if r.renderer is not renderer]


def registered(name: str) -> list[Renderer]:
    return [registration.renderer for registration in _registry.get(name, [])]


def _state(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    state = getattr(request, "_kabar_slot_state", None)
    if state is None:
        state = {}
        request._kabar_slot_state = state
    return state


def render(name: str, request: HttpRequest | None, context: Any, *, ads: bool = False, **options: Any) -> SafeString:
    """Everything registered for slot `name` on this request's page variant; "" when nothing is."""
    registrations = _registry.get(name)
    if not registrations:
        return SafeString("")
    variant = variant_of(request)
    if (ads or name in AD_SLOTS) and variant != READER:
        return SafeString("")
    slot = Slot(name=name, variant=variant, request=request, context=context, options=options, state=_state(request))
    parts = []
    for registration in registrations:
        if variant not in registration.variants:
            continue
        try:
            parts.append(str(registration.renderer(slot)))
        except Exception:
            # A broken ad or invitation must never take the article down with it.
            logger.exception("slot %s: renderer %r failed", name, registration.renderer)
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
