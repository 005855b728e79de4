from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def admin_content_security_policy() -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in settings.ADMIN_CONTENT_SECURITY_POLICY.items())


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy, the admin's CSP and no caching of the admin.

    django-csp's policy has no inline scripts, which Wagtail's admin needs, so django-csp skips the
    admin and the admin's own policy (settings.ADMIN_CONTENT_SECURITY_POLICY) is set here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(ADMIN_PREFIXES):
            response.setdefault("Content-Security-Policy", admin_content_security_policy())
        if request.path.startswith("/admin/"):
            response.setdefault("Cache-Control", "private, no-store")
        return response
