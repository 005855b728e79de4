"""How django-allauth behaves on Kabar (ACCOUNT_ADAPTER, SOCIALACCOUNT_ADAPTER)."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import Http404, HttpRequest

from kabar.core.accounts import AccountAdapter
from kabar.readers.redirects import site_path

# Shown on the page the reader goes back to, which is a cached public page that never shows
# messages; they would pop up later, out of place, on the next account page instead.
UNSHOWN_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class ReaderAccountAdapter(AccountAdapter):
    def is_safe_url(self, url: str | None) -> bool:
        """Only this site's own paths: allauth would also take absolute URLs to any allowed host."""
        return site_path(url) is not None

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template in UNSHOWN_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)


class ReaderSocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request: HttpRequest, provider: str, client_id: str | None = None) -> Any:
        """A provider without a client id and secret in the settings is not there: 404, not a crash."""
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id)
        except SocialApp.DoesNotExist as error:
            raise Http404(f"{provider} login is not configured") from error
