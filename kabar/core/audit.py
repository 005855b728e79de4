"""The audit trail: staff logins and permission changes in Wagtail's log, beside its page and model actions.

Everything is written with `wagtail.log_actions.log`, so it shows in Reports → Site history and in
Reports → Audit trail (the same list, with details in its CSV/XLSX export). Receivers are
connected in CoreConfig.ready. How other apps log their own acts: docs/architecture.md, "Audit trail".
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogActionRegistry, LogFormatter, get_active_log_context, log
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from kabar.core import clients

logger = logging.getLogger(__name__)

STAFF_LOGIN = "kabar.staff_login"
STAFF_LOGIN_FAILED = "kabar.staff_login_failed"
PERMISSIONS_CHANGED = "kabar.permissions_changed"


def client_ip(request: HttpRequest | None) -> str:
    """The login's address, by the site's one rule (kabar.core.clients); "" when unknown."""
    return clients.client_ip(request) or ""


def is_staff_account(user: AbstractBaseUser) -> bool:
    """Who the audit follows: accounts that can open the newsroom (Wagtail admin)."""
    return bool(user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


# --- logins ----------------------------------------------------------------------------------


def record_staff_login(sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    if is_staff_account(user):
        log(instance=user, action=STAFF_LOGIN, user=user, data={"ip": client_ip(request)})


def record_failed_login(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong password for a staff account goes in the audit log; for anyone else, in the log file only."""
    ip = client_ip(request)
    name = str(credentials.get("username") or credentials.get("email") or "").strip()
    if not name:
        return
    users = get_user_model()._default_manager
    accounts = list(users.filter(**{users.model.USERNAME_FIELD: name})) or list(users.filter(email__iexact=name))
    staff = [account for account in accounts if is_staff_account(account)]
    for account in staff:
        log(instance=account, action=STAFF_LOGIN_FAILED, user=None, data={"ip": ip, "username": name})
    if staff:
        logger.warning("failed login for staff account %r from %s", name, ip)


# --- permissions -----------------------------------------------------------------------------


def _names(model: type[Model], pks: set[Any] | None) -> list[str]:
    if not pks:
        return []
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    return sorted(str(obj) for obj in model._default_manager.filter(pk__in=pks))


def _log_change(instance: Model, change: dict[str, Any]) -> None:
    log(instance=instance, action=PERMISSIONS_CHANGED, user=get_active_log_context().user, data=change)


def record_membership_change(
    sender: type,
    instance: Model,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """A user joined or left a group (edited from either side)."""
    if action == "pre_clear":
        # After the clear nothing says who was removed: note it now.
        members = instance.groups.all() if not reverse else instance.user_set.all()
        instance._kabar_cleared = {obj.pk for obj in members}
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action == "post_clear":
        pk_set, verb = getattr(instance, "_kabar_cleared", set()), "removed"
    else:
        verb = "added" if action == "post_add" else "removed"
    if not pk_set:
        return
    if reverse:
        # group.user_set.add(...): one entry on each user, as their rights changed.
        for user in get_user_model()._default_manager.filter(pk__in=pk_set):
            _log_change(user, {f"groups_{verb}": [str(instance)]})
    else:
        _log_change(instance, {f"groups_{verb}": _names(Group, pk_set)})


def record_permission_change(
    sender: type,
    instance: Model,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """Model permissions given to or taken from a group or a user."""
    if action == "pre_clear":
        held = instance.permissions if isinstance(instance, Group) else instance.user_permissions
        instance._kabar_cleared_permissions = set(held.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"} or reverse:
        return
    if action == "post_clear":
        pk_set, verb = getattr(instance, "_kabar_cleared_permissions", set()), "removed"
    else:
        verb = "added" if action == "post_add" else "removed"
    if pk_set:
        _log_change(instance, {f"permissions_{verb}": _names(Permission, pk_set)})


def record_object_permission_change(sender: type, instance: Model, **kwargs: Any) -> None:
    """A group's rights on a part of the page tree or on a collection of images and documents."""
    verb = ("added" if kwargs["created"] else "changed") if "created" in kwargs else "removed"
    try:
        where = str(instance.page if isinstance(instance, GroupPagePermission) else instance.collection)
        permission = instance.permission
        group = instance.group
    except ObjectDoesNotExist:
        # Removed along with the page, collection or group it named: that deletion is logged itself.
        return
    right = f"{permission.content_type.app_label}.{permission.codename}"
    _log_change(group, {f"permissions_{verb}": [f"{right} @ {where}"]})


# --- labels ----------------------------------------------------------------------------------


def register_audit_actions(actions: LogActionRegistry) -> None:
    @actions.register_action(STAFF_LOGIN)
    class StaffLogin(LogFormatter):
        label = gettext_lazy("Staff login")

        def format_message(self, log_entry: Any) -> str:
            return _("Logged in from %(ip)s") % {"ip": log_entry.data.get("ip") or "?"}

    @actions.register_action(STAFF_LOGIN_FAILED)
    class StaffLoginFailed(LogFormatter):
        label = gettext_lazy("Staff login failed")

        def format_message(self, log_entry: Any) -> str:
            return _("Failed login from %(ip)s") % {"ip": log_entry.data.get("ip") or "?"}

    @actions.register_action(PERMISSIONS_CHANGED)
    class PermissionsChanged(LogFormatter):
        label = gettext_lazy("Permissions changed")

        def format_message(self, log_entry: Any) -> str:
            labels = {
                "groups_added": _("groups added"),
                "groups_removed": _("groups removed"),
                "permissions_added": _("permissions added"),
                "permissions_changed": _("permissions changed"),
                "permissions_removed": _("permissions removed"),
            }
            parts = [f"{labels[key]}: {', '.join(log_entry.data[key])}" for key in labels if log_entry.data.get(key)]
            return _("Permissions changed: %(changes)s") % {"changes": "; ".join(parts)}


def connect_receivers() -> None:
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    user_logged_in.connect(record_staff_login, dispatch_uid="kabar.audit.staff_login")
    user_login_failed.connect(record_failed_login, dispatch_uid="kabar.audit.staff_login_failed")
    m2m_changed.connect(
        record_membership_change, sender=user_model.groups.through, dispatch_uid="kabar.audit.membership"
    )
    m2m_changed.connect(
        record_permission_change, sender=Group.permissions.through, dispatch_uid="kabar.audit.group_permissions"
    )
    m2m_changed.connect(
        record_permission_change,
        sender=user_model.user_permissions.through,
        dispatch_uid="kabar.audit.user_permissions",
    )
    for model in (GroupPagePermission, GroupCollectionPermission):
        post_save.connect(record_object_permission_change, sender=model, dispatch_uid=f"kabar.audit.{model.__name__}")
        post_delete.connect(
            record_object_permission_change, sender=model, dispatch_uid=f"kabar.audit.{model.__name__}.delete"
        )
