"""Alerts in Wagtail's admin: "Kirim notifikasi" on an article, the "Notifikasi" list, the webhooks,
and the audit trail's labels for alerts sent, stopped and finished."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from kabar.alerts import admin_views, rendering, services
from kabar.alerts.models import Alert, OutboundWebhook
from kabar.articles.models import ArticlePage
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights


@hooks.register("register_admin_urls")
def alerts_admin_urls() -> list:
    return [
        path("alerts/", admin_views.index, name="alerts_index"),
        path("alerts/new/<int:page_id>/", admin_views.compose, name="alerts_compose"),
        path("alerts/<int:alert_id>/", admin_views.detail, name="alerts_detail"),
        path("alerts/<int:alert_id>/cancel/", admin_views.cancel, name="alerts_cancel"),
    ]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("alerts.view_alert")


@hooks.register("register_admin_menu_item")
def alerts_menu_item() -> MenuItem:
    return AlertsMenuItem(_("Notifications"), reverse("alerts_index"), icon_name="mail", order=3)


@hooks.register("register_page_header_buttons")
def send_alert_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if issubclass(page.specific_class, ArticlePage) and admin_views.can_send_alert(user, page):
        yield Button(
            _("Send a notification"),
            reverse("alerts_compose", args=[page.pk]),
            icon_name="mail",
            priority=20,
            attrs={"data-alerts-compose": ""},
        )


class OutboundWebhookViewSet(ModelViewSet):
    """Configuration with a secret in it: only those with the webhook rights (Admin) see or change it."""

    model = OutboundWebhook
    icon = "link-external"
    menu_label = _("Alert webhooks")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "url", "enabled", "created_at"]
    form_fields = ["name", "url", "secret", "enabled"]
    inspect_view_enabled = False


alert_webhook_viewset = OutboundWebhookViewSet("alert_webhooks")


@hooks.register("register_admin_viewset")
def register_alert_webhook_viewset() -> OutboundWebhookViewSet:
    return alert_webhook_viewset


def _counts_text(data: dict[str, Any]) -> str:
    return gettext("%(sent)s of %(total)s sent, %(failed)s failed, %(expired)s expired") % {
        key: data.get(key, 0) for key in ("sent", "total", "failed", "expired")
    }


@hooks.register("register_log_actions")
def register_alert_log_actions(actions: Any) -> None:
    @actions.register_action(services.ALERT_SENT)
    class AlertSent(LogFormatter):
        label = _("Send notification")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            values = {"title": data.get("title", ""), "topics": ", ".join(data.get("topics", []))}
            if data.get("channels"):
                values["topics"] = f"{values['topics']} (+ {', '.join(data['channels'])})"
            if data.get("when_published"):
                return gettext("Notification “%(title)s” to %(topics)s, to go when the article is published") % values
            return gettext("Notification “%(title)s” sent to %(topics)s") % values

    @actions.register_action(services.ALERT_CANCELLED)
    class AlertCancelled(LogFormatter):
        label = _("Stop notification")

        def format_message(self, log_entry: Any) -> str:
            message = gettext("Notification stopped: %(counts)s") % {"counts": _counts_text(log_entry.data)}
            if log_entry.data.get("reason") == "unpublished":
                message = f"{message} ({gettext('its article was unpublished')})"
            return message

    @actions.register_action(services.ALERT_FINISHED)
    class AlertFinished(LogFormatter):
        label = _("Notification finished")

        def format_message(self, log_entry: Any) -> str:
            return gettext("Notification finished: %(counts)s") % {"counts": _counts_text(log_entry.data)}


class AlertAdminURLFinder(ModelAdminURLFinder):
    """Audit entries about an alert link to its progress page."""

    edit_url_name = "alerts_detail"

    def get_edit_url(self, instance: Alert) -> str | None:
        if self.user is not None and not self.user.has_perm("alerts.view_alert"):
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(Alert, AlertAdminURLFinder)


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    """Redaktur and Admin send alerts (a Penulis never does: an editor's decision); Admin manages webhooks."""
    alerts = (services.SEND_ALERTS, services.CANCEL_ALERTS, "alerts.view_alert")
    return [
        RoleRights(Role.EDITOR, permissions=alerts),
        RoleRights(
            Role.ADMIN,
            permissions=(*alerts, "alerts.view_outboundwebhook", "alerts.add_outboundwebhook",
                         "alerts.change_outboundwebhook", "alerts.delete_outboundwebhook"),
        ),
    ]  # fmt: skip


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [
        # Often: a send whose worker died is taken up again within a lease and this interval.
        kabar_hooks.PeriodicJob("kabar.alerts.services.resume_alerts", 5),
        kabar_hooks.PeriodicJob("kabar.alerts.services.end_breaking_banners", 30),
        kabar_hooks.PeriodicJob("kabar.alerts.services.prune_deliveries", 3600),
        # Followers of a story whose live coverage ended stop following it (and a browser following
        # nothing else is forgotten): a story that sends nothing more would otherwise keep them for ever.
        kabar_hooks.PeriodicJob("kabar.alerts.services.forget_ended_stories", 600),
    ]


@hooks.register(kabar_hooks.ALERT_SENDERS)
def alert_senders() -> list[kabar_hooks.AlertSender]:
    return [kabar_hooks.AlertSender(label=_("Send as a notification"), send=services.send_story_alert)]


hooks.register(kabar_hooks.SLOT_FILLERS, rendering.slot_fillers)


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    return [path("push/", include("kabar.alerts.urls"))]
