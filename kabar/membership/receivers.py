"""Signal receivers, connected in apps.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kabar.core.purge import purge_keys
from kabar.membership import queries
from kabar.membership.middleware import mark_for_sync

# The business side: Kabar+ and ads, without the newsroom's rights; each app adds its own rights.
# The newsroom's Admin group (kabar.newsroom.services.ADMINS, named here: no import across apps)
# gets the same rights, as it runs the whole site.
BUSINESS_GROUP = "Bisnis"
ADMIN_GROUP = "Admin"
BUSINESS_RIGHTS = [
    "view_plan",
    "add_plan",
    "change_plan",
    "view_membership",
    "grant_membership",
    "view_order",
    "view_paymentnotification",
]


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


def set_up_business_group(sender: Any, **kwargs: Any) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # On a fresh database the apps after this one (wagtailadmin) have no permissions yet.
    for label in ("membership", "wagtailadmin"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    rights = list(Permission.objects.filter(content_type__app_label="membership", codename__in=BUSINESS_RIGHTS))
    business, _created = Group.objects.get_or_create(name=BUSINESS_GROUP)
    business.permissions.add(
        *rights, *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    admins = Group.objects.filter(name=ADMIN_GROUP).first()
    if admins is not None:
        admins.permissions.add(*rights)
