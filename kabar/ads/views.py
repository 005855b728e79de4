"""The two public endpoints of ads: impressions reported by ads.js, and clicks on house ads."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from kabar.ads import services
from kabar.ads.models import Creative

logger = logging.getLogger(__name__)

MAX_IDS = 20
MAX_BODY = 1024


@csrf_exempt
@never_cache
@require_POST
def impressions(request: HttpRequest) -> HttpResponse:
    """`c=12&c=13`: these creatives came into view. No cookie is read and nothing about the reader is kept.

    No CSRF check: the request carries no credentials (ads.js omits them) and changes only a count.
    """
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        logger.info("ad impressions refused: body too large")
        return HttpResponseBadRequest("too large")
    values = request.POST.getlist("c")
    if not values or len(values) > MAX_IDS or not all(value.isdigit() and len(value) <= 12 for value in values):
        logger.info("ad impressions refused: %r", values[:5])
        return HttpResponseBadRequest("expected c=<creative id>, up to 20 times")
    services.record_impressions(int(value) for value in values)
    return HttpResponse(status=204)


@never_cache
@require_GET
def click(request: HttpRequest, creative_id: int) -> HttpResponse:
    """Count the click, then go to the creative's own link: the only place this redirects to."""
    creative = get_object_or_404(Creative, pk=creative_id, kind=Creative.Kind.HOUSE)
    if not creative.link_url.startswith(("https://", "http://")):
        raise Http404("This ad has no link")
    services.record_click(creative.pk)
    response = HttpResponseRedirect(creative.link_url)
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
