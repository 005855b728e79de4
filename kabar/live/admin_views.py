"""The live desk ("Liputan langsung") in Wagtail's admin: thin views over kabar.live.services.

Every action is a plain form: POST, then a redirect back to the desk with a message, so the desk
works without JavaScript and a reload never posts twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kabar.articles import services as article_services
from kabar.articles.models import LiveStatus
from kabar.core import hooks as kabar_hooks
from kabar.live import services
from kabar.live.forms import ComposeForm, EditUpdateForm, NewReportForm
from kabar.live.models import LiveReportPage, LiveUpdate
from kabar.people.models import Person

UPDATES_PER_PAGE = 50


def desk_url(report_id: int, update_id: int | None = None) -> str:
    url = reverse("live_desk", args=[report_id])
    return f"{url}#update-{update_id}" if update_id else url


def alert_senders() -> list[kabar_hooks.AlertSender]:
    return kabar_hooks.collected(kabar_hooks.ALERT_SENDERS, kabar_hooks.AlertSender)


def _report_for(request: HttpRequest, report_id: int) -> LiveReportPage:
    report = get_object_or_404(LiveReportPage, pk=report_id)
    if not services.can_post(request.user, report):
        raise PermissionDenied
    return report


def _add_errors(form: Form, error: ValidationError, field: str) -> None:
    if hasattr(error, "error_dict"):
        for messages_ in error.message_dict.values():
            for message in messages_:
                form.add_error(field, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def index(request: HttpRequest) -> HttpResponse:
    """Running reports first, then those not yet published, then the latest closed ones."""
    if not request.user.has_perm(services.POST):
        raise PermissionDenied
    reports = LiveReportPage.objects.select_related("section")
    running = list(reports.filter(live=True, live_status=LiveStatus.LIVE).order_by("-coverage_started_at"))
    waiting = list(
        reports.filter(live=False).filter(~Q(live_status=LiveStatus.ENDED)).order_by("-latest_revision_created_at")[:20]
    )
    ended = list(reports.filter(live_status=LiveStatus.ENDED).order_by("-coverage_ended_at")[:20])
    return TemplateResponse(
        request,
        "live/admin/index.html",
        {
            "running": running,
            "waiting": waiting,
            "ended": ended,
            "header_title": _("Live reports"),
            "page_title": _("Live reports"),
            "header_icon": "time",
        },
    )


def new_report(request: HttpRequest) -> HttpResponse:
    """Pick a section; the report is then written, like an article, in that section's folder for this month."""
    if not request.user.has_perm(services.POST):
        raise PermissionDenied
    form = NewReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        folder = article_services.month_folder(form.cleaned_data["section"])
        if not folder.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return redirect("wagtailadmin_pages:add", "live", "livereportpage", folder.pk)
    return TemplateResponse(
        request,
        "live/admin/new_report.html",
        {"form": form, "header_title": _("New live report"), "page_title": _("New live report"), "header_icon": "time"},
    )


def desk(request: HttpRequest, report_id: int) -> HttpResponse:
    """The composer on top, the drafts, then the published updates, newest first."""
    report = _report_for(request, report_id)
    may_pin = services.can_pin(request.user, report)
    own_person = Person.objects.filter(user__pk=request.user.pk or 0, is_active=True).first()
    form = ComposeForm(request.POST or None, may_pin=may_pin, initial={"writer": own_person})
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") != "draft"
        try:
            update = services.post_update(
                report,
                body=form.body(),
                headline=form.cleaned_data["headline"],
                writer=form.cleaned_data["writer"],
                user=request.user,
                publish=publish,
                is_key_event=form.cleaned_data.get("is_key_event", False),
                is_pinned=form.cleaned_data.get("is_pinned", False),
            )
        except ValidationError as error:
            _add_errors(form, error, "text")
        else:
            messages.success(request, _("Update published.") if publish else _("Draft saved."))
            return redirect(desk_url(report.pk, update.pk))
    updates = report.updates.select_related("writer", "author")
    drafts = list(updates.filter(status=LiveUpdate.Status.DRAFT).order_by("-created_at", "-id"))
    published = Paginator(
        updates.filter(status=LiveUpdate.Status.PUBLISHED).order_by("-is_pinned", "-published_at", "-id"),
        UPDATES_PER_PAGE,
    ).get_page(request.GET.get("p"))
    user = request.user
    for update in [*drafts, *published]:
        update.may_edit = services.can_edit(user, update)
        update.may_delete = services.can_delete(user, update)
    context: dict[str, Any] = {
        "report": report,
        "form": form,
        "drafts": drafts,
        "published": published,
        "may_pin": may_pin,
        "may_close": services.can_close(user, report),
        "senders": list(enumerate(alert_senders())) if may_pin else [],
        "header_title": _("Live desk: %(title)s") % {"title": report.title},
        "page_title": _("Live desk"),
        "page_subtitle": report.title,
        "header_icon": "time",
        "is_running": report.live_status == LiveStatus.LIVE,
        "is_ended": report.live_status == LiveStatus.ENDED,
    }
    return TemplateResponse(request, "live/admin/desk.html", context)


def edit_update(request: HttpRequest, update_id: int) -> HttpResponse:
    update = get_object_or_404(LiveUpdate.objects.select_related("report"), pk=update_id)
    if update.status == LiveUpdate.Status.DELETED or not services.can_edit(request.user, update):
        raise PermissionDenied
    form = EditUpdateForm(request.POST or None, initial={"headline": update.headline, "body": update.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_update(
                update, body=form.cleaned_data["body"], headline=form.cleaned_data["headline"], user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error, "body")
        else:
            messages.success(request, _("Update corrected.") if update.published_at else _("Draft saved."))
            return redirect(desk_url(update.report_id, update.pk))
    revisions = list(update.revisions.select_related("user")[:20])
    return TemplateResponse(
        request,
        "live/admin/edit_update.html",
        {
            "form": form,
            "update": update,
            "report": update.report,
            "revisions": revisions,
            "header_title": _("Edit update"),
            "page_title": _("Edit update"),
            "page_subtitle": update.report.title,
            "header_icon": "time",
        },
    )


ACTIONS = {
    "publish": (services.publish_update, gettext_lazy("Update published.")),
    "pin": (services.pin_update, gettext_lazy("Update pinned to the top.")),
    "unpin": (services.unpin_update, gettext_lazy("Update unpinned.")),
    "key": (services.mark_key_event, gettext_lazy("Marked as a key event.")),
    "unkey": (services.unmark_key_event, gettext_lazy("No longer a key event.")),
    "delete": (services.delete_update, gettext_lazy("Update deleted.")),
}


@require_POST
def update_action(request: HttpRequest, update_id: int, action: str) -> HttpResponse:
    update = get_object_or_404(LiveUpdate.objects.select_related("report"), pk=update_id)
    if not services.can_post(request.user, update.report):
        raise PermissionDenied
    if action == "alert":
        return _send_alert(request, update)
    if action not in ACTIONS:
        raise PermissionDenied
    act, done = ACTIONS[action]
    try:
        act(update, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return redirect(desk_url(update.report_id, None if action == "delete" else update.pk))


def _update_text(update: LiveUpdate) -> str:
    texts = [strip_tags(child.value.source) for child in update.body if child.block_type == "paragraph"]
    return Truncator(" ".join(texts)).chars(180)


def _send_alert(request: HttpRequest, update: LiveUpdate) -> HttpResponse:
    """A key event goes out through every alert sender an app registered; the alerts app decides who gets it."""
    report = update.report
    if not services.can_pin(request.user, report):
        raise PermissionDenied
    senders = alert_senders()
    try:
        sender = senders[int(request.POST.get("sender", "0"))]
    except (ValueError, IndexError):
        raise PermissionDenied from None
    if not (update.is_key_event and update.status == LiveUpdate.Status.PUBLISHED):
        messages.error(request, _("Only a published key event can be sent as an alert."))
        return redirect(desk_url(report.pk, update.pk))
    alert = kabar_hooks.AlertRequest(
        page_id=report.pk,
        title=report.title,
        body=update.headline or _update_text(update),
        follow_topic=f"story-{report.pk}",
    )
    try:
        sender.send(alert, request.user)
    except ValueError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("You may not send alerts."))
    else:
        messages.success(request, _("Alert queued: %(label)s.") % {"label": sender.label})
    return redirect(desk_url(report.pk, update.pk))


@require_POST
def report_coverage(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    """Close the coverage now, or reopen it."""
    report = get_object_or_404(LiveReportPage, pk=report_id)
    if not services.can_close(request.user, report) or action not in ("close", "reopen"):
        raise PermissionDenied
    try:
        if action == "close":
            changed = services.close_report(report, request.user)
            done = _("Coverage closed: the report now says it has ended.")
        else:
            changed = services.reopen_report(report, request.user)
            done = _("Coverage reopened.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if changed:
            messages.success(request, done)
        else:
            messages.info(request, _("Nothing changed: the report was not in that state."))
    return redirect(desk_url(report.pk))
