from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kabar.membership import services

# The reader's own pages (never cached): the kabar_plus cookie is kept in step there.
PRIVATE_PREFIXES = ("/akun/",)
SYNC_FLAG = "_kabar_plus_sync"


def mark_for_sync(request: HttpRequest) -> None:
    setattr(request, SYNC_FLAG, True)


class MemberCookieMiddleware:
    """Sets or clears the kabar_plus cookie, but only on responses that are the reader's own.

    Those are: the response to a login or logout (the signal receivers in apps.py mark it), the
    Kabar+ pages that say so (views.py), and everything under /akun/. A public page's response
    never carries it, as cached pages must never set a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, SYNC_FLAG, False) or request.path.startswith(PRIVATE_PREFIXES):
            services.sync_member_cookie(request, response)
        return response
