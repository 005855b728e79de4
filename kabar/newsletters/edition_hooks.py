"""The editions' part in Wagtail's admin and Kabar's hooks, registered when wagtail_hooks.py imports it:
"Editions" in the Newsletters menu (compose with the block editor, per list), each edition's page
(preview, test, schedule, send, figures), the click redirect /n/k/<token>, the rights of Redaktur
and Admin, and the clock's jobs (due sends, stalled sends, the daily digests)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.newsletters import admin_views, clicks, services
from kabar.newsletters.models import Edition
from kabar.newsletters.subscriber_hooks import newsletter_admin_items

EDITION_RIGHTS = (
    "newsletters.add_edition",
    "newsletters.change_edition",
    "newsletters.delete_edition",
    "newsletters.view_edition",
    services.SEND_EDITIONS,
)


class EditionCreateView(CreateView):
    def save_instance(self) -> Edition:
        self.form.instance.created_by = self.request.user
        instance: Edition = super().save_instance()
        return instance

    def get_success_url(self) -> str:
        return reverse("newsletters_edition", args=[self.object.pk])


class EditionEditView(EditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = Edition.objects.filter(pk=int(kwargs["pk"])).first() if "pk" in kwargs else None
        if edition is not None and not edition.editable:
            # Sent (or sending) as it was frozen; an edit now would change nothing readers got.
            messages.warning(request, gettext("An edition that was sent or cancelled cannot be changed."))
            return redirect("newsletters_edition", edition.pk)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def get_success_url(self) -> str:
        return reverse("newsletters_edition", args=[self.object.pk])


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "mail"
    menu_label = _("Editions")
    add_to_admin_menu = False
    add_view_class = EditionCreateView
    edit_view_class = EditionEditView
    list_display = [
        "subject",
        Column("newsletter", label=_("Newsletter")),
        TitleColumn("status", label=_("Status"), accessor="get_status_display", url_name="newsletters_edition"),
        DateColumn("scheduled_at", label=_("Scheduled for")),
        DateColumn("sent_at", label=_("Sent")),
    ]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    ordering = ["-created_at"]
    inspect_view_enabled = False


newsletter_admin_items.append(EditionViewSet("newsletter_editions"))


@hooks.register("register_admin_urls")
def edition_admin_urls() -> list[URLPattern]:
    return [
        path("newsletters/editions/<int:edition_id>/", admin_views.detail, name="newsletters_edition"),
        path("newsletters/editions/<int:edition_id>/preview/", admin_views.preview, name="newsletters_edition_preview"),
        path("newsletters/editions/<int:edition_id>/test/", admin_views.send_test, name="newsletters_edition_test"),
        path("newsletters/editions/<int:edition_id>/schedule/", admin_views.schedule,
             name="newsletters_edition_schedule"),
        path("newsletters/editions/<int:edition_id>/unschedule/", admin_views.unschedule,
             name="newsletters_edition_unschedule"),
        path("newsletters/editions/<int:edition_id>/send/", admin_views.send_now, name="newsletters_edition_send"),
        path("newsletters/editions/<int:edition_id>/cancel/", admin_views.cancel, name="newsletters_edition_cancel"),
    ]  # fmt: skip


@hooks.register(kabar_hooks.PUBLIC_URLS)
def edition_public_urls() -> list[URLPattern]:
    # Short, because it is in every link of every mail; outside /nawala/ so it reads as no page of its own.
    return [path("n/k/<str:token>", clicks.follow, name="newsletters_click")]


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def edition_role_rights() -> list[RoleRights]:
    """Redaktur and Admin compose, test, schedule and send editions (an editor's decision, like alerts)."""
    return [RoleRights(Role.EDITOR, permissions=EDITION_RIGHTS), RoleRights(Role.ADMIN, permissions=EDITION_RIGHTS)]


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def edition_periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [
        # Scheduled editions go within this interval of their time; a stopped send is taken up again.
        kabar_hooks.PeriodicJob("kabar.newsletters.services.send_due_editions", 30),
        kabar_hooks.PeriodicJob("kabar.newsletters.services.make_daily_digests", 60),
    ]
