"""The floor for an uncached page: Django answering the page's exact bytes from memory, nothing else.

No middleware, no templates, no database: one view per path returning the bytes Kabar rendered for
it (read at start from the JSON manifest in BENCH_BARE_PAGES: {"/path/": "/file/with/the/bytes"}).
Served with the same granian arguments as `kabar serve` (bench/servers.py BareDjango), so the
ratio of Kabar's requests per second to this one is what Kabar's rendering costs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-django-not-a-secret",  # noqa: S106 - signs nothing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)

import django  # noqa: E402 - settings first
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

django.setup()

PAGES: dict[str, bytes] = {
    url: Path(file).read_bytes() for url, file in json.loads(Path(os.environ["BENCH_BARE_PAGES"]).read_text()).items()
}


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGES[request.path], content_type="text/html; charset=utf-8")


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("healthz", healthz), *(path(url.lstrip("/"), page) for url in PAGES)]

application = get_wsgi_application()
