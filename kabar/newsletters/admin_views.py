"""The newsroom's edition screens in Wagtail's admin, beside the snippet editor that composes an
edition: its page (status, figures, the actions), the preview of the real mail, a test to oneself,
scheduling, "Send now" behind a confirmation, and cancelling."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.widgets import AdminDateTimeInput

from kabar.newsletters import queries, rendering, services, tokens
from kabar.newsletters.models import Edition

VIEW_EDITIONS = "newsletters.view_edition"


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(label=gettext_lazy("Send at"), widget=AdminDateTimeInput())


def _edition(request: HttpRequest, edition_id: int, permission: str = VIEW_EDITIONS) -> Edition:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(Edition.objects.select_related("newsletter", "created_by"), pk=edition_id)


def _edit_url(edition: Edition) -> str:
    from django.urls import reverse

    return reverse("newsletter_editions:edit", args=[edition.pk])


@require_safe
def detail(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = _edition(request, edition_id)
    can_send = request.user.has_perm(services.SEND_EDITIONS)
    return TemplateResponse(
        request,
        "newsletters/admin/detail.html",
        {
            "edition": edition,
            "stats": queries.edition_stats(edition),
            "links": queries.top_links(edition),
            "errors": queries.delivery_errors(edition),
            "can_send": can_send and edition.editable,
            "can_cancel": can_send and edition.status in {Edition.Status.SCHEDULED, Edition.Status.SENDING},
            "can_unschedule": can_send and edition.status == Edition.Status.SCHEDULED,
            "can_edit": request.user.has_perm("newsletters.change_edition") and edition.editable,
            "edit_url": _edit_url(edition),
            "schedule_form": ScheduleForm(initial={"when": edition.scheduled_at}),
            "refresh": edition.status == Edition.Status.SENDING,
            "header_title": edition.subject,
            "page_title": _("Edition"),
            "header_icon": "mail",
        },
    )


@require_safe
def preview(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The mail's HTML as a reader would get it now (after sending: as it was sent)."""
    edition = _edition(request, edition_id)
    html = edition.rendered_html or rendering.render(edition).html
    preferences = tokens.preferences_url(getattr(request.user, "email", "") or "preview@example.invalid")
    response = HttpResponse(rendering.personalise(html, preferences, preferences))
    # The mail's own inline styles: the admin's policy would refuse them; nothing here runs scripts.
    response["Content-Security-Policy"] = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
    return response


@require_POST
def send_test(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = _edition(request, edition_id, "newsletters.change_edition")
    try:
        address = services.send_test_edition(edition, request.user)
    except services.EditionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A test was sent to %(address)s.") % {"address": address})
    return redirect("newsletters_edition", edition.pk)


@require_POST
def schedule(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = _edition(request, edition_id, services.SEND_EDITIONS)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date and time to send it."))
        return redirect("newsletters_edition", edition.pk)
    when: dt.datetime = form.cleaned_data["when"]
    try:
        services.schedule_edition(edition, when)
    except services.EditionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Scheduled for %(when)s.") % {"when": timezone.localtime(when).strftime("%d/%m/%Y, %H:%M")},
        )
    return redirect("newsletters_edition", edition.pk)


@require_POST
def unschedule(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = _edition(request, edition_id, services.SEND_EDITIONS)
    if services.unschedule_edition(edition):
        messages.success(request, _("The edition is a draft again."))
    return redirect("newsletters_edition", edition.pk)


def send_now(request: HttpRequest, edition_id: int) -> HttpResponse:
    """GET: what will be sent to how many; POST: send."""
    edition = _edition(request, edition_id, services.SEND_EDITIONS)
    if request.method == "POST":
        try:
            services.send_edition_now(edition)
        except services.EditionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sending. The figures below follow the send."))
        return redirect("newsletters_edition", edition.pk)
    if not edition.editable:
        return redirect("newsletters_edition", edition.pk)
    from kabar.newsletters import sending

    return TemplateResponse(
        request,
        "newsletters/admin/confirm_send.html",
        {
            "edition": edition,
            "recipients": sending.recipients(edition.newsletter).count(),
            "header_title": _("Send “%(subject)s”?") % {"subject": edition.subject},
            "page_title": _("Send now"),
            "header_icon": "mail",
        },
    )


@require_POST
def cancel(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = _edition(request, edition_id, services.SEND_EDITIONS)
    if services.cancel_edition(edition):
        messages.success(request, _("The edition was cancelled. Nothing more will be sent."))
    return redirect("newsletters_edition", edition.pk)
