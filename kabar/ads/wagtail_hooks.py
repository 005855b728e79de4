"""Ads in Wagtail's admin: an "Iklan" menu with the ads, the placements and a report per ad."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, NumberColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from kabar.ads import queries, rendering, services
from kabar.ads.models import Creative, Placement
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights

VIEW_REPORT = "ads.view_creative"
REPORT_DAYS = (7, 30, 90)


def report(request: HttpRequest, creative_id: int) -> HttpResponse:
    """One ad's impressions, clicks and click rate per day, with its totals."""
    if not request.user.has_perm(VIEW_REPORT):
        raise PermissionDenied
    creative = get_object_or_404(Creative.objects.prefetch_related("placements", "sections"), pk=creative_id)
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in REPORT_DAYS else 30
    rows = queries.creative_report(creative, days)
    title = _("Report: %(name)s") % {"name": creative.name}
    return TemplateResponse(
        request,
        "ads/admin/report.html",
        {
            "creative": creative,
            "rows": rows,
            "days": days,
            "day_choices": REPORT_DAYS,
            "period_impressions": sum(row.impressions for row in rows),
            "period_clicks": sum(row.clicks for row in rows),
            "totals": queries.creative_totals(creative),
            "header_title": title,
            "page_title": title,
            "header_icon": "doc-full",
        },
    )


@hooks.register("register_admin_urls")
def ads_admin_urls() -> list:
    return [path("iklan/laporan/<int:creative_id>/", report, name="ads_report")]


class CreativeIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Creative]:
        return queries.creatives_with_totals()


class ReportColumn(Column):
    """A link to the ad's report."""

    cell_template_name = "ads/admin/report_link_cell.html"

    def get_value(self, instance: Creative) -> str:
        return reverse("ads_report", args=[instance.pk])


class CreativeViewSet(ModelViewSet):
    model = Creative
    index_view_class = CreativeIndexView
    icon = "image"
    menu_label = gettext_lazy("Ads")
    add_to_admin_menu = False
    list_display = [
        "name",
        "kind",
        BooleanColumn("enabled", label=gettext_lazy("On")),
        DateColumn("starts_at", label=gettext_lazy("Starts")),
        DateColumn("ends_at", label=gettext_lazy("Ends")),
        NumberColumn("weight", label=gettext_lazy("Weight")),
        NumberColumn("total_impressions", label=gettext_lazy("Impressions")),
        NumberColumn("total_clicks", label=gettext_lazy("Clicks")),
        ReportColumn("report", label=gettext_lazy("Ad report")),
    ]
    list_filter = ["kind", "enabled", "placements"]
    search_fields = ["name"]


class PlacementViewSet(ModelViewSet):
    model = Placement
    icon = "placeholder"
    menu_label = gettext_lazy("Ad placements")
    add_to_admin_menu = False
    list_display = [
        "key",
        Column("size_label", label=gettext_lazy("Size")),
        NumberColumn("first_after", label=gettext_lazy("First after")),
        NumberColumn("repeat_every", label=gettext_lazy("Then every")),
        BooleanColumn("enabled", label=gettext_lazy("On")),
    ]
    form_fields = ["enabled", "first_after", "repeat_every", "max_per_page"]


creative_viewset = CreativeViewSet("ads_creatives")
placement_viewset = PlacementViewSet("ads_placements")


@hooks.register("register_admin_viewset")
def register_creative_viewset() -> CreativeViewSet:
    return creative_viewset


@hooks.register("register_admin_viewset")
def register_placement_viewset() -> PlacementViewSet:
    return placement_viewset


class PermittedMenuItem(MenuItem):
    def __init__(self, *args: object, permission: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


class AdsMenu(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return any(item.is_shown(request) for item in self.menu.menu_items_for_request(request))


@hooks.register("register_admin_menu_item")
def ads_menu() -> MenuItem:
    # Called when the admin menu is first built, once the URLconf can be reversed.
    items = [
        PermittedMenuItem(
            gettext_lazy("Ads"),
            reverse("ads_creatives:index"),
            icon_name="image",
            order=100,
            permission="ads.view_creative",
        ),
        PermittedMenuItem(
            gettext_lazy("Ad placements"),
            reverse("ads_placements:index"),
            icon_name="placeholder",
            order=200,
            permission="ads.view_placement",
        ),
    ]
    return AdsMenu(gettext_lazy("Ads"), Menu(items=items), icon_name="image", order=260)


def opened_from_the_ads_admin(request: HttpRequest) -> bool:
    """Whether a chooser was opened from the ads' own screens (its requests come from that page)."""
    referer = urlsplit(request.headers.get("Referer", ""))
    same_site = not referer.netloc or referer.netloc == request.get_host()
    return same_site and referer.path.startswith(reverse("ads_creatives:index"))


@hooks.register("construct_image_chooser_queryset")
def hide_ad_creatives(images: QuerySet, request: HttpRequest) -> QuerySet:
    """The image choosers of articles, people and pages do not list ad creatives; the ads' own form does."""
    if opened_from_the_ads_admin(request):
        return images
    return images.exclude(collection__in=queries.ads_collections())


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------

# The business side runs ads without the newsroom's rights; the newsroom's Admin runs them too.
BUSINESS_RIGHTS = ("ads.view_creative", "ads.add_creative", "ads.change_creative", "ads.delete_creative",
                   "ads.view_placement", "ads.change_placement", "ads.view_creativestats")  # fmt: skip


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    return [
        RoleRights(
            Role.BUSINESS,
            permissions=("wagtailadmin.access_admin", *BUSINESS_RIGHTS),
            # Ad images are uploaded and chosen like any other image.
            collection_permissions=("wagtailimages.add_image", "wagtailimages.choose_image"),
        ),
        RoleRights(Role.ADMIN, permissions=BUSINESS_RIGHTS),
    ]


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [kabar_hooks.PeriodicJob("kabar.ads.services.purge_when_schedules_change", 60)]


hooks.register(kabar_hooks.SLOT_FILLERS, rendering.slot_fillers)


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    return [path("iklan/", include("kabar.ads.urls"))]


# Impressions and clicks counted in a serving process's memory are written before it exits.
hooks.register(kabar_hooks.EXIT_FLUSH, services.flush_ad_counts)
