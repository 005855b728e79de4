"""The newsroom's staff roles, named once, and the one step that gives each its rights.

A role is a Django group. Apps never type a group's name: they say which rights a role gets from
them through the ``kabar_role_rights`` hook (kabar/core/hooks.py), and ``apply_role_rights`` runs
after every migrate (and every test flush), so a right added in a new release reaches existing
groups. A role no installed app gives a right to has no group.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


class Role(StrEnum):
    WRITER = "Penulis"
    EDITOR = "Redaktur"
    ADMIN = "Admin"
    MODERATOR = "Moderator"
    BUSINESS = "Bisnis"


@dataclass(frozen=True)
class RoleRights:
    """What one app lets a role do.

    `permissions`: model permissions, ``"app_label.codename"``. `collection_permissions`: Wagtail's
    image and document rights (``"wagtailimages.add_image"``) on the root collection, so on every
    image. `page_permissions`: Wagtail's page permission codenames (``"publish_page"``) on the
    default site's home page, so on the whole page tree.
    """

    role: Role
    permissions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = ()
    page_permissions: tuple[str, ...] = ()


def declared_rights() -> dict[Role, list[RoleRights]]:
    from kabar.core import hooks

    by_role: dict[Role, list[RoleRights]] = {}
    for rights in hooks.collected(hooks.ROLE_RIGHTS, RoleRights):
        by_role.setdefault(rights.role, []).append(rights)
    return by_role


@transaction.atomic
def apply_role_rights() -> None:
    """Make each role's group and add the rights every installed app declares. Idempotent; adds only."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

    # On a fresh database some apps' permissions are made only after this runs.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    # Made by Wagtail's migrations; made again here after `flush` emptied every table.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")

    def permission(dotted: str) -> Any:
        app_label, codename = dotted.split(".", 1)
        found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if found is None:
            raise LookupError(f"no permission {dotted}: is its app installed, and is the codename right?")
        return found

    for role, all_rights in declared_rights().items():
        group, _created = Group.objects.get_or_create(name=role.value)
        for rights in all_rights:
            group.permissions.add(*[permission(dotted) for dotted in rights.permissions])
            for dotted in rights.collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(dotted)
                )
            if site is None:
                continue  # no page tree yet; the next migrate gives these
            for codename in rights.page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=site.root_page, permission=permission(f"wagtailcore.{codename}")
                )


def apply_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate is sent once per app; the rights go in after the last, when every app's setup ran."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender is with_models[-1]:
        apply_role_rights()
