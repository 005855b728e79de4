"""The wire desk in Wagtail's admin: the "Kawat" menu, feed management, and the warnings on articles
made from the wire (killed by the agency, under embargo)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, NumberColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from kabar.articles.models import ArticlePage
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.wire import queries, services, views
from kabar.wire.models import WireFeed, WireRefusal


@hooks.register("register_admin_urls")
def wire_admin_urls() -> list:
    return [
        path("wire/", views.desk, name="wire_desk"),
        path("wire/item/<int:item_id>/", views.item_detail, name="wire_item"),
        path("wire/item/<int:item_id>/make-article/", views.make_article, name="wire_make_article"),
        path("wire/item/<int:item_id>/send/", views.send_to_destination, name="wire_send_item"),
        path("wire/refused/", views.refusals, name="wire_refusals"),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(views.VIEW_DESK)


@hooks.register("register_admin_menu_item")
def wire_desk_menu_item() -> MenuItem:
    return DeskMenuItem(gettext_lazy("Wire desk"), reverse("wire_desk"), icon_name="resubmit", order=2)


class WireFeedIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[WireFeed]:
        newest_refusal = WireRefusal.objects.filter(feed=OuterRef("pk")).order_by("-refused_at", "-pk")
        return (
            super()
            .get_base_queryset()
            .select_related("agency")
            .annotate(item_count=Count("items"), last_refusal=Subquery(newest_refusal.values("reason")[:1]))
        )


class WireFeedViewSet(ModelViewSet):
    """Feeds are configuration: only those with the wire feed rights (Admin) see or change them."""

    model = WireFeed
    index_view_class = WireFeedIndexView
    icon = "download"
    menu_label = gettext_lazy("Wire feeds")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "name",
        "agency",
        "kind",
        BooleanColumn("enabled", label=gettext_lazy("Enabled")),
        DateColumn("last_success_at", label=gettext_lazy("Last success")),
        DateColumn("last_error_at", label=gettext_lazy("Last error at")),
        Column("short_error", label=gettext_lazy("Last error")),
        NumberColumn("item_count", label=gettext_lazy("Items")),
        Column("last_refusal", label=gettext_lazy("Last refusal")),
    ]
    list_filter = ["kind", "enabled", "agency"]
    search_fields = ["name", "url"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["password", "token", "etag", "last_modified"]


wire_feed_viewset = WireFeedViewSet("wire_feeds")


@hooks.register("register_admin_viewset")
def register_wire_feed_viewset() -> WireFeedViewSet:
    return wire_feed_viewset


# --- articles made from the wire ------------------------------------------------------------


# Wagtail's messages are white on a coloured band and its links the admin's link colour, unreadable there:
# the link takes the message's own colour, underlined (Wagtail's utility classes; the CSP allows no style="").
MESSAGE_LINK = "w-text-current w-underline w-font-bold"


@hooks.register("before_edit_page")
def warn_about_the_wire_origin(request: HttpRequest, page: Any) -> None:
    """On an article made from the wire: where it came from, and loudly, if the agency killed it."""
    if request.method != "GET" or page.specific_class is not ArticlePage:
        return
    origin = queries.origin_of_article(page.pk)
    if origin is None:
        return
    item = origin.item
    item_url = reverse("wire_item", args=[item.pk])
    if item.is_killed:
        messages.error(
            request,
            format_html(
                '<strong>{}</strong> {} <a class="{}" href="{}">{}</a>',
                _("KILLED BY THE AGENCY."),
                _(
                    "%(agency)s has withdrawn the wire item this article was made from. "
                    "Do not publish it; if it is live, take it down or correct it."
                )
                % {"agency": item.feed.agency.name},
                MESSAGE_LINK,
                item_url,
                _("See the wire item"),
            ),
        )
    else:
        messages.info(
            request,
            format_html(
                '{} <a class="{}" href="{}">{}</a>',
                _("Made from a wire item of %(agency)s:") % {"agency": item.feed.agency.name},
                MESSAGE_LINK,
                item_url,
                item.headline or item.agency_uri,
            ),
        )
    embargo = queries.embargo_of_article(page.pk)
    if embargo is not None:
        messages.warning(request, _embargo_message(embargo))


def _embargo_message(embargo: Any) -> str:
    return _("Under embargo until %(until)s: it cannot be published before then.") % {
        "until": date_format(timezone.localtime(embargo), "DATETIME_FORMAT")
    }


@hooks.register("before_publish_page")
def refuse_publishing_before_the_embargo(request: HttpRequest, page: Any) -> HttpResponse | None:
    """Publishing an embargoed article is refused unless it is scheduled to go live at or after the embargo."""
    if page.specific_class is not ArticlePage:
        return None
    embargo = queries.embargo_of_article(page.pk)
    if embargo is None:
        return None
    go_live_at = getattr(page, "go_live_at", None)
    if go_live_at is not None and go_live_at >= embargo:
        return None
    messages.error(
        request,
        _("Not published. %(embargo)s Set “Go-live date/time” no earlier than the embargo, or wait.")
        % {"embargo": _embargo_message(embargo)},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_page_header_buttons")
def wire_item_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if page.specific_class is not ArticlePage or not user.has_perm(views.VIEW_DESK):
        return
    origin = queries.origin_of_article(page.pk)
    if origin is not None:
        yield Button(_("Wire item"), reverse("wire_item", args=[origin.item_id]), icon_name="resubmit", priority=30)


class KilledArticlesPanel(Component):
    name = "wire_killed_articles"
    template_name = "wire/killed_panel.html"
    order = 50  # above Wagtail's own panels: this is the one that cannot wait

    def __init__(self, links: list) -> None:
        self.links = links

    def get_context_data(self, parent_context: dict | None = None) -> dict:
        return {"links": self.links}


@hooks.register("construct_homepage_panels")
def killed_articles_panel(request: HttpRequest, panels: list) -> None:
    if not request.user.has_perm(views.VIEW_DESK):
        return
    links = list(queries.articles_from_killed_items()[:20])
    if links:
        panels.append(KilledArticlesPanel(links))


@hooks.register("register_log_actions")
def register_wire_log_actions(actions: Any) -> None:
    @actions.register_action(services.ITEM_SENT)
    class ItemSent(LogFormatter):
        label = gettext_lazy("Send wire item to another desk")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            return _("Wire item “%(headline)s” sent: %(destination)s, %(target)s") % {
                "headline": data.get("headline", ""),
                "destination": data.get("destination", ""),
                "target": data.get("target_name") or data.get("target", ""),
            }


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    """The whole newsroom reads the wire; Admin sets up the agencies' feeds."""
    return [
        RoleRights(Role.WRITER, permissions=("wire.view_wireitem",)),
        RoleRights(Role.EDITOR, permissions=("wire.view_wireitem",)),
        RoleRights(
            Role.ADMIN,
            permissions=("wire.view_wireitem", "wire.view_wirefeed", "wire.add_wirefeed", "wire.change_wirefeed",
                         "wire.delete_wirefeed"),
        ),
    ]  # fmt: skip


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [
        kabar_hooks.PeriodicJob("kabar.wire.services.poll_due_feeds", 30),
        # Old items leave the desk a batch at a time, at most 20 s of each run (KABAR_WIRE_RETENTION_DAYS).
        kabar_hooks.PeriodicJob("kabar.wire.services.remove_old_items", 600),
    ]
