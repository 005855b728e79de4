from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kabar.core.brand import brand_for_request

logger = logging.getLogger(__name__)

# The database is down or unreachable (as kabar/delivery/pagecache/serving.py tells it from a bug).
DATABASE_DOWN = (OperationalError, InterfaceError)
# An outage is usually seconds (a restart, a failover): the Retry-After of the 503 it causes.
DATABASE_RETRY_AFTER_SECONDS = 15


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "take me out of rotation"
        logger.warning("healthz: database unavailable: %s", error)
        return JsonResponse({"status": "unhealthy", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /hit/",
        "Allow: /",
        "",
        f"Sitemap: {settings.BASE_URL}/sitemap.xml",
        f"Sitemap: {settings.BASE_URL}/sitemap-news.xml",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("kabar/favicon.png"))


@require_GET
def brand_css(request: HttpRequest) -> HttpResponse:
    """The publication's colours (kabar/core/brand.py). Pages link it as /brand.css?v=<digest of its text>,
    so a browser keeps it for a year and a saved change (which purges the pages) is a new address."""
    brand = brand_for_request(request)
    response = HttpResponse(brand.css, content_type="text/css; charset=utf-8")
    if brand.css_version and request.GET.get("v") == brand.css_version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page: a 500, or a 503 with Retry-After when the database is down or unreachable.

    A database outage is temporary and not the request's fault: readers, browsers and caches in
    front are told when to come back, and monitoring tells it from a bug.
    """
    # No context processors that touch the database: the database may be why we are here.
    from django.template import loader

    template = loader.get_template("500.html")
    body = template.render({"SITE_NAME": settings.SITE_NAME})
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(body, status=500)
