"""What the live desk registers in Wagtail's admin and in Kabar's hooks (listed in wagtail_hooks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogActionRegistry, LogFormatter

from kabar.articles.models import LiveStatus
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.live import admin_views, services
from kabar.live.models import LiveReportPage


def admin_urls() -> list[URLPattern]:
    return [
        path("live/", admin_views.index, name="live_index"),
        path("live/new/", admin_views.new_report, name="live_new_report"),
        path("live/<int:report_id>/", admin_views.desk, name="live_desk"),
        path("live/<int:report_id>/coverage/<str:action>/", admin_views.report_coverage, name="live_report_coverage"),
        path("live/update/<int:update_id>/", admin_views.edit_update, name="live_update_edit"),
        path("live/update/<int:update_id>/<str:action>/", admin_views.update_action, name="live_update_action"),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(services.POST))


def menu_item() -> MenuItem:
    return DeskMenuItem(gettext_lazy("Live reports"), reverse("live_index"), icon_name="time", order=2)


def header_buttons(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    """ "Live desk" on a report's edit page: where its updates are written."""
    if page.specific_class is LiveReportPage and services.can_post(user, page.specific_deferred):
        yield Button(gettext_lazy("Live desk"), reverse("live_desk", args=[page.pk]), icon_name="time", priority=20)


def register_permissions() -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label="live", content_type__model="liveupdate")


def register_log_actions(actions: LogActionRegistry) -> None:
    def formatter(label: Any, message: Any) -> type[LogFormatter]:
        class UpdateFormatter(LogFormatter):
            def format_message(self, log_entry: Any) -> str:
                data = log_entry.data or {}
                what = data.get("headline") or f"#{data.get('update_id', '?')}"
                return f"{message}: {what}" if "update_id" in data else str(message)

        UpdateFormatter.label = label
        return UpdateFormatter

    labels = {
        services.UPDATE_POSTED: (gettext_lazy("Post live update"), gettext_lazy("Live update posted")),
        services.UPDATE_PUBLISHED: (gettext_lazy("Publish live update"), gettext_lazy("Live update published")),
        services.UPDATE_EDITED: (gettext_lazy("Edit live update draft"), gettext_lazy("Live update draft edited")),
        services.UPDATE_CORRECTED: (gettext_lazy("Correct live update"), gettext_lazy("Live update corrected")),
        services.UPDATE_PINNED: (gettext_lazy("Pin live update"), gettext_lazy("Live update pinned")),
        services.UPDATE_UNPINNED: (gettext_lazy("Unpin live update"), gettext_lazy("Live update unpinned")),
        services.UPDATE_KEY_EVENT: (gettext_lazy("Mark key event"), gettext_lazy("Live update marked as a key event")),
        services.UPDATE_KEY_EVENT_REMOVED: (
            gettext_lazy("Unmark key event"),
            gettext_lazy("Live update no longer a key event"),
        ),
        services.UPDATE_DELETED: (gettext_lazy("Delete live update"), gettext_lazy("Live update deleted")),
        services.REPORT_STARTED: (gettext_lazy("Start live coverage"), gettext_lazy("Live coverage started")),
        services.REPORT_CLOSED: (gettext_lazy("Close live coverage"), gettext_lazy("Live coverage closed")),
        services.REPORT_REOPENED: (gettext_lazy("Reopen live coverage"), gettext_lazy("Live coverage reopened")),
    }
    for action, (label, message) in labels.items():
        actions.register_action(action)(formatter(label, message))


def role_rights() -> list[RoleRights]:
    """Penulis post updates; Redaktur and Admin also pin, mark, correct, delete and close."""
    return [
        RoleRights(Role.WRITER, permissions=services.WRITER_RIGHTS),
        RoleRights(Role.EDITOR, permissions=services.EDITOR_RIGHTS),
        RoleRights(Role.ADMIN, permissions=services.EDITOR_RIGHTS),
    ]


def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [kabar_hooks.PeriodicJob("kabar.live.services.close_due_reports", 60)]


# --- the wire desk's "Add to live coverage" -------------------------------------------------------


def wire_choices(user: Any) -> list[tuple[str, str]]:
    """Running reports, and those about to start, that this user may post to."""
    reports = LiveReportPage.objects.exclude(live_status=LiveStatus.ENDED).order_by("-latest_revision_created_at")
    return [(str(report.pk), report.title) for report in reports[:50] if services.can_post(user, report)]


def take_wire_copy(copy: kabar_hooks.WireCopy, target_id: str, user: Any) -> str:
    update = services.create_update_from_wire(copy, target_id, user)
    return admin_views.desk_url(update.report_id, update.pk)


def wire_destinations() -> list[kabar_hooks.WireDestination]:
    return [kabar_hooks.WireDestination(label=_("Add to live coverage"), choices=wire_choices, take=take_wire_copy)]
