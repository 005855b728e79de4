from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

ACCOUNT_PREFIX = "/akun/"
# Says only "someone is signed in on this browser", so readers.js asks /akun/status/ for the rest;
# anonymous page views, the great majority, then never reach Django. It carries no identity:
# caches must neither key on it nor vary on it.
SIGNED_IN_COOKIE = "kabar_reader"


class ReaderSessionMiddleware:
    """Keeps the reader's pages out of every cache, and the signed-in marker in step with the session.

    Sits before SessionMiddleware, so it sees the session cookie that login and logout set or
    delete, and touches request.user only on those responses, never on a public page's.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(ACCOUNT_PREFIX):
            # Kabar's and django-allauth's pages show the reader's name, lists and CSRF token.
            patch_cache_control(response, private=True, no_store=True)
        session_cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if session_cookie is not None:
            user = getattr(request, "user", None)
            if session_cookie.value and user is not None and user.is_authenticated:
                max_age = session_cookie["max-age"]
                response.set_cookie(
                    SIGNED_IN_COOKIE,
                    "1",
                    max_age=int(max_age) if max_age != "" else None,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=False,
                    samesite="Lax",
                )
            elif request.COOKIES.get(SIGNED_IN_COOKIE):
                response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response
