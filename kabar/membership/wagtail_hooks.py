"""Kabar+ in Wagtail's admin: one "Kabar+" menu with plans, members, grants, revenue and notifications."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from kabar.membership import admin_views
from kabar.membership.models import Plan


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
