"""Kabar+ in Wagtail's admin: one "Kabar+" menu with plans, members, grants, revenue and notifications,
and the audit trail's labels for payments, refunds, grants, cancellations and expiries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.membership import admin_views, rendering, services
from kabar.membership.models import Membership, Plan


@hooks.register("register_admin_urls")
def membership_admin_urls() -> list:
    return [
        path("kabarplus/anggota/", admin_views.members, name="membership_admin_members"),
        path("kabarplus/anggota/<int:pk>/", admin_views.member, name="membership_admin_member"),
        path("kabarplus/anggota/<int:pk>/batalkan/", admin_views.cancel, name="membership_admin_cancel"),
        path("kabarplus/beri/", admin_views.grant, name="membership_admin_grant"),
        path("kabarplus/pendapatan/", admin_views.revenue, name="membership_admin_revenue"),
        path("kabarplus/notifikasi/", admin_views.notifications, name="membership_admin_notifications"),
        path("kabarplus/notifikasi/<int:pk>/", admin_views.notification, name="membership_admin_notification"),
    ]


class PlanViewSet(ModelViewSet):
    model = Plan
    icon = "tag"
    menu_label = gettext_lazy("Plans")
    add_to_admin_menu = False
    list_display = ["name", "period", Column("price_label", label=gettext_lazy("Price")), BooleanColumn("active")]
    list_filter = ["active", "period"]
    inspect_view_enabled = False


plan_viewset = PlanViewSet("membership_plans")


@hooks.register("register_admin_viewset")
def register_plan_viewset() -> PlanViewSet:
    return plan_viewset


class PermittedMenuItem(MenuItem):
    def __init__(self, *args: object, permission: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


class KabarPlusMenu(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return any(item.is_shown(request) for item in self.menu.menu_items_for_request(request))


def _menu_items() -> list[MenuItem]:
    return [
        PermittedMenuItem(
            gettext_lazy("Members"),
            reverse("membership_admin_members"),
            icon_name="group",
            order=100,
            permission=admin_views.VIEW_MEMBERS,
        ),
        PermittedMenuItem(
            gettext_lazy("Grant Kabar+"),
            reverse("membership_admin_grant"),
            icon_name="plus",
            order=200,
            permission=admin_views.GRANT,
        ),
        PermittedMenuItem(
            gettext_lazy("Revenue"),
            reverse("membership_admin_revenue"),
            icon_name="table",
            order=300,
            permission=admin_views.VIEW_REVENUE,
        ),
        PermittedMenuItem(
            gettext_lazy("Plans"),
            reverse("membership_plans:index"),
            icon_name="tag",
            order=400,
            permission="membership.view_plan",
        ),
        PermittedMenuItem(
            gettext_lazy("Payment notifications"),
            reverse("membership_admin_notifications"),
            icon_name="list-ul",
            order=500,
            permission=admin_views.VIEW_NOTIFICATIONS,
        ),
    ]


@hooks.register("register_admin_menu_item")
def kabar_plus_menu() -> MenuItem:
    # Called when the admin menu is first built, once the URLconf can be reversed.
    return KabarPlusMenu("Kabar+", Menu(items=_menu_items()), icon_name="pick", order=250)


def _until(data: dict[str, Any]) -> str:
    # ISO date and time as stored: the same in the list and in the CSV, whatever the reader's locale.
    return (data.get("ends_after") or "?")[:16].replace("T", " ")


@hooks.register("register_log_actions")
def register_membership_log_actions(actions: Any) -> None:
    @actions.register_action(services.MEMBERSHIP_PAID)
    class MembershipPaid(LogFormatter):
        label = gettext_lazy("Kabar+ paid")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Kabar+ for %(reader)s paid (order %(order)s), until %(until)s") % {
                "reader": log_entry.data.get("reader") or "?",
                "order": log_entry.data.get("order", "?"),
                "until": _until(log_entry.data),
            }

    @actions.register_action(services.MEMBERSHIP_REFUNDED)
    class MembershipRefunded(LogFormatter):
        label = gettext_lazy("Kabar+ refunded")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Kabar+ for %(reader)s ended: order %(order)s refunded or charged back") % {
                "reader": log_entry.data.get("reader") or "?",
                "order": log_entry.data.get("order", "?"),
            }

    @actions.register_action(services.MEMBERSHIP_GRANTED)
    class MembershipGranted(LogFormatter):
        label = gettext_lazy("Grant Kabar+")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Kabar+ granted to %(reader)s until %(until)s: %(reason)s") % {
                "reader": log_entry.data.get("reader") or "?",
                "until": _until(log_entry.data),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(services.MEMBERSHIP_CANCELLED)
    class MembershipCancelled(LogFormatter):
        label = gettext_lazy("Cancel Kabar+")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Kabar+ of %(reader)s cancelled: %(reason)s") % {
                "reader": log_entry.data.get("reader") or "?",
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(services.MEMBERSHIP_EXPIRED)
    class MembershipExpired(LogFormatter):
        label = gettext_lazy("Kabar+ expired")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Kabar+ of %(reader)s expired") % {"reader": log_entry.data.get("reader") or "?"}


class MembershipAdminURLFinder(ModelAdminURLFinder):
    """Audit entries about a membership link to the member's page (ledger, grant, cancel)."""

    edit_url_name = "membership_admin_member"

    def get_edit_url(self, instance: Membership) -> str | None:
        if self.user is not None and not self.user.has_perm(admin_views.VIEW_MEMBERS):
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(Membership, MembershipAdminURLFinder)


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------

# The business side runs Kabar+ without the newsroom's rights; the newsroom's Admin runs it too.
BUSINESS_RIGHTS = ("membership.view_plan", "membership.add_plan", "membership.change_plan",
                   "membership.view_membership", "membership.grant_membership", "membership.view_order",
                   "membership.view_paymentnotification")  # fmt: skip


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    return [
        RoleRights(Role.BUSINESS, permissions=("wagtailadmin.access_admin", *BUSINESS_RIGHTS)),
        RoleRights(Role.ADMIN, permissions=BUSINESS_RIGHTS),
    ]


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [
        kabar_hooks.PeriodicJob("kabar.membership.services.expire_memberships", 300),
        kabar_hooks.PeriodicJob("kabar.membership.services.prune_refused_notifications", 300),
    ]


hooks.register(kabar_hooks.SLOT_FILLERS, rendering.slot_fillers)


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    return [path("kabarplus/", include("kabar.membership.urls"))]


hooks.register(kabar_hooks.EXPORT_READER_DATA, services.export_reader_data)
hooks.register(kabar_hooks.FORGET_READER, services.forget_reader)


@hooks.register(kabar_hooks.CURRENT_MEMBERS)
def current_members() -> Any:
    from kabar.membership.queries import current_member_ids

    return current_member_ids()
