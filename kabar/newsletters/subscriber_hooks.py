"""The subscribers' part in Wagtail's admin and Kabar's hooks, registered when wagtail_hooks.py imports it:
the lists (Redaktur, Admin), who is subscribed and the suppressed addresses (Admin only: readers' personal
data), the sign-up forms in the pages' slots, /nawala/, the reader's data, and the expiry of unconfirmed
sign-ups. The editions and events parts append their admin viewsets to `newsletter_admin_items`, so the
app has one "Newsletters" menu.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.delivery import slots
from kabar.newsletters import fillers, services
from kabar.newsletters.models import NewsletterList, Subscription, Suppression

LIST_RIGHTS = (
    "newsletters.add_newsletterlist",
    "newsletters.change_newsletterlist",
    "newsletters.delete_newsletterlist",
    "newsletters.view_newsletterlist",
)
SUBSCRIBER_RIGHTS = (
    "newsletters.view_subscription",
    "newsletters.add_suppression",
    "newsletters.view_suppression",
    "newsletters.delete_suppression",
)


class NewsletterListViewSet(ModelViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = _("Lists")
    add_to_admin_menu = False
    list_display = ["name", "kind", "section", "frequency", "send_time", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    ordering = ["position", "name"]


class ReadOnly(ModelPermissionPolicy):
    """Subscriptions change only by their readers' own acts (consent is theirs to give); staff look."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in ("view", "inspect") and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "user"
    menu_label = _("Subscribers")
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = [
        "email",
        Column("newsletter", label=_("Newsletter")),
        "status",
        "consent_source",
        DateColumn("consent_at", label=_("Consent given")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    list_filter = ["newsletter", "status", "consent_source"]
    search_fields = ["email"]
    form_fields = ["status"]
    ordering = ["-created_at"]

    @property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ReadOnly(self.model)


class SuppressionViewSet(ModelViewSet):
    """Addresses never mailed. Staff add one by hand (a reader asked by phone) or delete one to lift it."""

    model = Suppression
    icon = "cross"
    menu_label = _("Suppressed addresses")
    add_to_admin_menu = False
    list_display = ["email", "reason", DateColumn("created_at", label=_("Created"))]
    list_filter = ["reason"]
    search_fields = ["email"]
    form_fields = ["email", "reason", "detail"]


newsletter_admin_items: list[Any] = [
    NewsletterListViewSet("newsletter_lists"),
    SubscriptionViewSet("newsletter_subscriptions"),
    SuppressionViewSet("newsletter_suppressions"),
]


class NewslettersMenu(ViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets() -> ViewSetGroup:
    # Built when Wagtail asks, after the other parts have added their items (the group reads them when made).
    class Menu(NewslettersMenu):
        items = tuple(newsletter_admin_items)

    return Menu()


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def subscriber_role_rights() -> list[RoleRights]:
    return [
        RoleRights(Role.EDITOR, permissions=LIST_RIGHTS),
        RoleRights(Role.ADMIN, permissions=(*LIST_RIGHTS, *SUBSCRIBER_RIGHTS)),
    ]


@hooks.register(kabar_hooks.SLOT_FILLERS)
def subscriber_slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("article_head", slots.template("newsletters/slots/article_head.html"), order=60),
        # After the comments: the reader has read and had their say; before Terkini Lainnya.
        slots.Filler("after_article", fillers.after_article, order=30),
        slots.Filler("footer_links", slots.template("newsletters/slots/footer_links.html"), order=40),
        slots.Filler("account_page", fillers.account_page, order=50),
    ]


@hooks.register(kabar_hooks.PUBLIC_URLS)
def subscriber_public_urls() -> list[URLResolver]:
    return [path("nawala/", include("kabar.newsletters.urls"))]


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def subscriber_periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [kabar_hooks.PeriodicJob("kabar.newsletters.services.expire_unconfirmed", 3600)]


hooks.register(kabar_hooks.EXPORT_READER_DATA, services.export_reader_data)
hooks.register(kabar_hooks.FORGET_READER, services.forget_reader)
