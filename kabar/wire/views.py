"""The wire desk's admin screens ("Kawat"): the item list, an item, "Buat artikel", and sending an item to
another desk (kabar_wire_destinations: "Tambahkan ke liputan langsung")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabar.core import hooks as kabar_hooks
from kabar.wire import queries, services
from kabar.wire.forms import DeskFilterForm, MakeArticleForm
from kabar.wire.models import WireFeed, WireItem

DESK_PAGE_SIZE = 50
VIEW_DESK = "wire.view_wireitem"


def _require_desk(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_DESK):
        raise PermissionDenied


def desk(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    form = DeskFilterForm(request.GET or None)
    items = queries.desk_items(form.filters())
    page = Paginator(items, DESK_PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "wire/desk.html",
        {
            "form": form,
            "page": page,
            "items": queries.with_related(list(page.object_list)),
            "query_string": query.urlencode(),
            "killed": queries.articles_from_killed_items()[:10],
            "refused_recently": queries.recent_refusal_count(),
            "now": timezone.now(),
            "header_title": _("Wire desk"),
            "page_title": _("Wire desk"),
            "header_icon": "resubmit",
        },
    )


def _destination_forms(request: HttpRequest, item: WireItem) -> list[dict[str, object]]:
    """One small form per destination that has a target this user may send to; none when the item may not go."""
    if services.usability_problem(item):
        return []
    forms: list[dict[str, object]] = []
    for index, destination in enumerate(services.wire_destinations()):
        choices = destination.choices(request.user)
        if choices:
            forms.append({"index": index, "label": destination.label, "choices": choices})
    return forms


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    _require_desk(request)
    item = get_object_or_404(queries.items_with_history(), pk=item_id)
    made = [link.article for link in item.made_articles.all()]
    form = MakeArticleForm(initial={"section": item.feed.default_section_id})
    destinations = _destination_forms(request, item)
    return TemplateResponse(
        request,
        "wire/item.html",
        {
            "item": item,
            "made": made,
            "form": form,
            "destinations": destinations,
            "embargoed": item.embargoed_until is not None and item.embargoed_until > timezone.now(),
            "header_title": item.headline or item.agency_uri,
            "page_title": _("Wire item"),
            "header_icon": "resubmit",
        },
    )


@require_POST
def make_article(request: HttpRequest, item_id: int) -> HttpResponse:
    """ "Buat artikel": a draft from the item, then straight to its editor; a second one only when confirmed."""
    _require_desk(request)
    item = get_object_or_404(WireItem.objects.select_related("feed"), pk=item_id)
    form = MakeArticleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a section for the article."))
        return redirect("wire_item", item.pk)
    if not item.is_text:
        messages.error(request, _("Only a text item can become an article."))
        return redirect("wire_item", item.pk)
    section = form.cleaned_data["section"]
    if not section.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    made = services.make_article_from_item(
        item, request.user, section, allow_another=form.cleaned_data["confirm_another"]
    )
    if not made.created:
        messages.warning(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("An article was already made from this item:"),
                reverse("wagtailadmin_pages:edit", args=[made.article.pk]),
                made.article.title,
            ),
        )
        return redirect("wire_item", item.pk)
    messages.success(request, _("Draft made from the wire item. Edit it before it goes to review."))
    return redirect("wagtailadmin_pages:edit", made.article.pk)


def _chosen_destination(request: HttpRequest) -> kabar_hooks.WireDestination | None:
    # Destinations are named by their place in the hook's list: the same in every process with the same apps.
    index = request.POST.get("destination", "")
    destinations = services.wire_destinations()
    if not (index.isascii() and index.isdigit() and len(index) <= 3 and int(index) < len(destinations)):
        return None
    return destinations[int(index)]


@require_POST
def send_to_destination(request: HttpRequest, item_id: int) -> HttpResponse:
    """A draft from the item at another desk (a live report's update), then on to where that desk says."""
    _require_desk(request)
    item = get_object_or_404(WireItem.objects.select_related("feed__agency"), pk=item_id)
    destination = _chosen_destination(request)
    if destination is None:
        messages.error(request, _("That destination is not available."))
        return redirect("wire_item", item.pk)
    try:
        url = services.send_item(item, destination, request.POST.get("target", ""), request.user)
    except ValueError as error:  # the desk's refusal, or the destination's own (DestinationRefused is one)
        messages.error(request, str(error))
        return redirect("wire_item", item.pk)
    messages.success(request, _("Draft made from the wire item. Check it before it is published."))
    return redirect(url)


def refusals(request: HttpRequest) -> HttpResponse:
    """Every document and item the desk refused, with the reason, newest first; ?feed= narrows to one feed."""
    _require_desk(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    feed_id = request.GET.get("feed", "")
    # isdigit() also takes "²" and 5,000-digit strings, which int() or the database refuse.
    readable = feed_id.isascii() and feed_id.isdigit() and len(feed_id) <= 18
    feed = WireFeed.objects.filter(pk=int(feed_id)).first() if readable else None
    page = Paginator(queries.refusals(feed.pk if feed else None), DESK_PAGE_SIZE).get_page(request.GET.get("p"))
    title = _("Refused by the wire desk")
    return TemplateResponse(
        request,
        "wire/refusals.html",
        {
            "page": page,
            "feed": feed,
            "header_title": title if feed is None else f"{title}: {feed.name}",
            "page_title": title,
            "header_icon": "warning",
        },
    )
