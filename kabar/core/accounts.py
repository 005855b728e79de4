"""How django-allauth works on Kabar, for staff and readers alike (ACCOUNT_ADAPTER's base)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kabar.core import mail
from kabar.core.clients import client_ip


@dataclass(frozen=True)
class MailSite:
    """The site as account mails name it (allauth's templates read `current_site.name` and `.domain`)."""

    name: str
    domain: str


def mail_site() -> MailSite:
    """KABAR_SITE_NAME and KABAR_BASE_URL: never the host a request came in on (127.0.0.1, a proxy's name)."""
    return MailSite(name=settings.SITE_NAME, domain=settings.BASE_URL)


def on_base_url(url: str) -> str:
    """The same page under KABAR_BASE_URL: allauth builds its links from the request's host."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{settings.BASE_URL}{parts.path}{query}{fragment}"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    def get_client_ip(self, request: HttpRequest) -> str:
        """The client by Kabar's one rule (kabar/core/clients.py), which allauth's rate limits key on.

        allauth's own rule reads REMOTE_ADDR, which behind nginx, Varnish or a CDN is the proxy's
        address for everyone: one client's failed logins would then lock every staff member out.
        """
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine the client's address")
        return address

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """As allauth's, but the worker sends it: the request's time never depends on the mail server.

        The mail names the site by KABAR_SITE_NAME, and its links (activate_url, password_reset_url,
        signup_url...) point under KABAR_BASE_URL. It never shows a username: readers log in with
        their address and never chose one (allauth makes one up), so the greeting of the
        confirmation mail names the address (kabar/core/templates/account/email/).
        """
        request = allauth_context.request
        mail_context = {
            key: on_base_url(value) if key.endswith("_url") and isinstance(value, str) and value else value
            for key, value in context.items()
            if key != "username"
        }
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, **mail_context, "current_site": mail_site()},
        )
        mail.send_later(message)
