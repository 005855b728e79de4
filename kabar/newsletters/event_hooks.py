"""The events part in Wagtail's admin and Kabar's hooks, registered when wagtail_hooks.py imports it: the
mail providers' events (read-only, Admin), the breaking-news box on the alert form, and the receiver of
anymail's tracking signal (kabar.newsletters.webhooks, connected on import)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.newsletters import channels, webhooks  # noqa: F401 - webhooks connects the tracking receiver
from kabar.newsletters.models import MailEvent
from kabar.newsletters.subscriber_hooks import ReadOnly, newsletter_admin_items


class MailEventViewSet(ModelViewSet):
    """What the providers reported: why an address was suppressed, what became of one reader's mail."""

    model = MailEvent
    icon = "mail"
    menu_label = _("Mail events")
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = [
        "email",
        "kind",
        "provider",
        Column("delivery", label=_("Delivery")),
        DateColumn("occurred_at", label=_("Occurred")),
    ]
    list_filter = ["kind", "provider"]
    search_fields = ["email", "message_id"]
    form_fields = ["kind"]
    ordering = ["-occurred_at"]

    @property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ReadOnly(self.model)


newsletter_admin_items.append(MailEventViewSet("newsletter_mail_events"))


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def event_role_rights() -> list[RoleRights]:
    # Readers' addresses: Admin only, as the subscribers are.
    return [RoleRights(Role.ADMIN, permissions=("newsletters.view_mailevent",))]


@hooks.register(kabar_hooks.BREAKING_NEWS_CHANNELS)
def breaking_news_channels() -> list[kabar_hooks.BreakingNewsChannel]:
    return [channels.channel()]
