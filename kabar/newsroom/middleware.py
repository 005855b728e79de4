"""The staff account rules (kabar/newsroom/security.py) applied to the admin's and the account pages.

Public pages never touch the session (they are cached for everyone), so this middleware looks only
at /admin/ and /akun/ requests, and only at newsroom accounts: readers keep their long sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kabar.newsroom import security

ADMIN_PREFIX = "/admin/"
ACCOUNT_PREFIX = "/akun/"
# When the staff member last asked for an admin or account page (a Unix time).
LAST_SEEN_KEY = "kabar_staff_last_seen"
# Written at most this often (seconds), so that not every admin request saves the session.
LAST_SEEN_RESOLUTION = 30
# What an account past its grace period may still open: enrolling (with the re-entered password
# and the verified address it needs), its sessions, logging out, and the header's status call.
OVERDUE_ALLOWED_URL_NAMES = [
    "mfa_index",
    "account_reauthenticate",
    "account_email",
    "account_confirm_email",
    "account_logout",
    "usersessions_list",
    "wagtailadmin_logout",
    "readers:status",
]


def _allowed_prefixes() -> list[str]:
    prefixes = []
    for name in OVERDUE_ALLOWED_URL_NAMES:
        try:
            if name == "account_confirm_email":
                # The confirmation link carries its key after the prefix.
                prefixes.append(reverse(name, args=["key"]).removesuffix("key/"))
            else:
                prefixes.append(reverse(name))
        except NoReverseMatch:
            continue  # a page that is not installed is simply not allowed
    return prefixes


class TwoFactorBanner:
    """The "set up two-factor login by …" line, made when shown, in the staff member's admin language."""

    def __init__(self, deadline: dt.datetime) -> None:
        self.deadline = deadline

    def __str__(self) -> SafeString:
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Set up two-factor login by %(date)s.")
            % {"date": formats.date_format(timezone.localtime(self.deadline), "DATETIME_FORMAT")},
            reverse("mfa_index"),
            _("Set it up now"),
        )


class StaffSecurityMiddleware:
    """Logs out idle staff sessions, and holds staff who must enrol in two-factor login to it.

    After the grace period (KABAR_STAFF_MFA_GRACE_DAYS) a required account without an authenticator
    reaches only the enrol pages and logout; during it, every admin page shows a banner.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not (path.startswith(ADMIN_PREFIX) or path.startswith(ACCOUNT_PREFIX)):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not security.is_staff(user):
            return self.get_response(request)

        now = timezone.now()
        if security.staff_session_expired(request.session.get(LAST_SEEN_KEY), now):
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity. Log in again to go on.")
                % {"minutes": security.staff_session_idle_limit().total_seconds() // 60},
            )
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is None or now.timestamp() - last_seen >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now.timestamp()

        if not any(path.startswith(prefix) for prefix in _allowed_prefixes()) and security.two_factor_overdue(
            user, now
        ):
            messages.warning(
                request,
                _("Your account must use two-factor login. Set up an authenticator app or a security key to go on."),
            )
            return redirect("mfa_index")
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response: TemplateResponse) -> TemplateResponse:
        if not request.path.startswith(ADMIN_PREFIX) or request.headers.get("x-requested-with") == "XMLHttpRequest":
            return response
        user = getattr(request, "user", None)
        if user is None or not security.is_staff(user):
            return response
        deadline = security.staff_mfa_deadline(user)
        if deadline is None:
            return response
        # Shown with the page's own messages (Wagtail's message bar), not stored: it is on every page.
        context = response.context_data if response.context_data is not None else {}
        context["messages"] = [*messages.get_messages(request), Message(messages.WARNING, TwoFactorBanner(deadline))]
        response.context_data = context
        return response
