"""Core's admin parts: the audit log's labels for logins and permission changes, and Reports → Audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import LogActionRegistry

from kabar.core.audit import register_audit_actions


def can_see_audit_trail(user: Any) -> bool:
    """Those who manage staff accounts review what staff did."""
    return bool(user.is_superuser or user.has_perm("auth.change_user"))


class AuditTrailView(LogEntriesView):
    """Site history with each entry's details (IP address, groups, note) in its CSV and XLSX export too."""

    page_title = _("Audit trail")
    index_url_name = "kabar_audit_trail"
    index_results_url_name = "kabar_audit_trail_results"
    export_headings = {**LogEntriesView.export_headings, "message": _("Details")}
    list_export = [*LogEntriesView.list_export[:4], "message", *LogEntriesView.list_export[4:]]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_see_audit_trail(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return f"kabar-audit-trail-{dt.date.today():%Y-%m-%d}"


class AuditTrailMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_see_audit_trail(request.user)


@hooks.register("register_log_actions")
def kabar_audit_actions(actions: LogActionRegistry) -> None:
    register_audit_actions(actions)


@hooks.register("register_admin_urls")
def audit_trail_urls() -> list:
    return [
        path("reports/audit-trail/", AuditTrailView.as_view(), name="kabar_audit_trail"),
        path(
            "reports/audit-trail/results/",
            AuditTrailView.as_view(results_only=True),
            name="kabar_audit_trail_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def audit_trail_menu_item() -> MenuItem:
    return AuditTrailMenuItem(
        _("Audit trail"), reverse("kabar_audit_trail"), name="audit-trail", icon_name="history", order=1010
    )
