"""Signal receivers, connected in apps.py."""

from __future__ import annotations

from typing import Any

from kabar.ads import services

# The business side's group (kabar.membership adds its own rights to it) and the newsroom's Admin
# group (kabar.newsroom.services.ADMINS, named here: no import across apps) manage ads.
BUSINESS_GROUP = "Bisnis"
ADMIN_GROUP = "Admin"
BUSINESS_RIGHTS = [
    "view_creative",
    "add_creative",
    "change_creative",
    "delete_creative",
    "view_placement",
    "change_placement",
    "view_creativestats",
]
IMAGE_RIGHTS = ["add_image", "choose_image"]


def ads_changed(sender: Any, **kwargs: Any) -> None:
    if str(kwargs.get("action", "")).startswith("pre_"):
        return  # m2m_changed: the post_ signal of the same change follows
    services.ads_changed()


def set_up_ads(sender: Any, **kwargs: Any) -> None:
    """After every migrate (and flush): the placements, and the business group's rights."""
    services.ensure_placements()
    set_up_business_group()


def set_up_business_group() -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission

    # On a fresh database the apps after this one (wagtailadmin, wagtailimages) have no permissions yet.
    for label in ("ads", "wagtailadmin", "wagtailimages"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    rights = list(Permission.objects.filter(content_type__app_label="ads", codename__in=BUSINESS_RIGHTS))
    business, _created = Group.objects.get_or_create(name=BUSINESS_GROUP)
    business.permissions.add(
        *rights, *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    admins = Group.objects.filter(name=ADMIN_GROUP).first()
    if admins is not None:
        admins.permissions.add(*rights)
    # Ad images are uploaded and chosen like any other image.
    root = Collection.get_first_root_node()
    if root is None:
        return
    for codename in IMAGE_RIGHTS:
        permission = Permission.objects.filter(content_type__app_label="wagtailimages", codename=codename).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(group=business, collection=root, permission=permission)
