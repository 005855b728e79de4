"""How django-allauth works on Kabar, for staff and readers alike (ACCOUNT_ADAPTER's base)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kabar.core import mail
from kabar.core.clients import client_ip


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
        """As allauth's, but the worker sends it: the request's time never depends on the mail server."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        mail.send_later(message)
