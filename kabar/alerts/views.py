"""Readers' side of alerts, under /push/.

The public pages are cached for everyone, so nothing per reader is rendered into them: the bell
and the invitation are static HTML, and the script asks /push/config/ (private, never cached) for
the VAPID public key and a CSRF token before it posts a subscription. /push/subscribe/ is a
normal CSRF-protected POST (Django checks the token and the Origin), strict JSON, size-capped.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Site

from kabar.alerts import queries, services
from kabar.alerts.channels.webpush import InvalidSubscription
from kabar.core import ratelimit
from kabar.core.models import PublicationSettings

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024
DEFAULT_TOPICS = [queries.BREAKING, queries.PICKS]


def _public(response: HttpResponse, seconds: int = 300) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def _channels(request: HttpRequest) -> dict[str, str]:
    """The publication's WhatsApp and Telegram channels, from its settings (Pengaturan publikasi)."""
    site = Site.find_for_request(request)
    publication = PublicationSettings.for_site(site) if site else None
    return {
        "whatsapp": getattr(publication, "whatsapp_channel_url", "") or "",
        "telegram": getattr(publication, "telegram_channel_url", "") or "",
    }


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """/push/: what the notifications are, the control (with JavaScript), and the channels (without)."""
    context = {"topics": queries.available_topics(), "default_topics": DEFAULT_TOPICS, "channels": _channels(request)}
    return _public(render(request, "alerts/notifications.html", context))


@require_GET
def invite(request: HttpRequest) -> HttpResponse:
    """The invitation the script shows after an article has been read: the same for every reader."""
    html = render_to_string("alerts/invite.html", {"channels": _channels(request)}, request=request)
    return _public(HttpResponse(html, content_type="text/html; charset=utf-8"))


@never_cache
@require_GET
def config(request: HttpRequest) -> JsonResponse:
    """The VAPID public key and this browser's CSRF token: private, so no cache ever shares it."""
    response = JsonResponse(
        {
            "publicKey": services.vapid_public_key(),
            "csrfToken": get_token(request),
            "defaultTopics": DEFAULT_TOPICS,
            "serviceWorker": "/push/sw.js",
            "scope": "/",
        }
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise InvalidSubscription("send application/json")
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidSubscription("the request is too large")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidSubscription("the body is not valid JSON") from error
    if not isinstance(data, dict):
        raise InvalidSubscription("the body must be a JSON object")
    return data


def _refused(request: HttpRequest, error: Exception) -> JsonResponse:
    logger.info("push request refused from %s: %s", request.META.get("REMOTE_ADDR", "?"), error)
    response = JsonResponse({"ok": False, "error": str(error)}, status=400)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _private_json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Body: {"subscription": PushSubscription.toJSON(), "topics": [...], "replaces": "<old endpoint>"?}."""
    address = ratelimit.client_ip(request)
    # A browser subscribes once and changes topics now and then; a flood is someone filling the table.
    if address and not ratelimit.allow(f"push:ip:{address}", settings.KABAR_PUSH_SUBSCRIBE_RATE):
        logger.warning("push subscriptions from %s over the limit", address)
        response = JsonResponse(
            {"ok": False, "error": "too many subscriptions from this address; try later"}, status=429
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
    try:
        data = _json_body(request)
        stored = services.subscribe_browser(
            data.get("subscription"), data.get("topics", []), request.user, replaces=data.get("replaces", "")
        )
    except InvalidSubscription as error:
        return _refused(request, error)
    topics = sorted(stored.topics.values_list("topic", flat=True))
    return _private_json({"ok": True, "topics": topics})


@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    try:
        data = _json_body(request)
        removed = services.unsubscribe_browser(data.get("endpoint"))
    except InvalidSubscription as error:
        return _refused(request, error)
    return _private_json({"ok": True, "removed": removed})


@require_POST
def subscription(request: HttpRequest) -> JsonResponse:
    """The topics this browser follows. POST, because the endpoint is a secret that URLs would leak to logs."""
    try:
        data = _json_body(request)
        endpoint = data.get("endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            raise InvalidSubscription("endpoint must be given")
    except InvalidSubscription as error:
        return _refused(request, error)
    stored = queries.subscription_for_endpoint(services.endpoint_hash(endpoint))
    if stored is None:
        return _private_json({"ok": False, "error": "not subscribed"}, status=404)
    return _private_json({"ok": True, "topics": sorted(row.topic for row in stored.topics.all())})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/push/sw.js, allowed to control the whole site (scope "/") by its header."""
    response = HttpResponse(
        render_to_string("alerts/sw.js", {"site_name_json": json.dumps(settings.SITE_NAME)}),
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on their own schedule; no cache should keep an old one longer.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
