"""Signal receivers, connected in apps.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kabar.delivery.purge import purge_keys
from kabar.membership import queries
from kabar.membership.middleware import mark_for_sync


def sync_cookie_after_login(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        mark_for_sync(request)


def sync_cookie_after_logout(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        mark_for_sync(request)


def plans_changed(sender: Any, **kwargs: Any) -> None:
    # Every article page invites readers with the cheapest plan's price.
    queries.forget_cached_plans()
    purge_keys(["site"])
