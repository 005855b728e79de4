"""Kabar+ in the Wagtail admin: members, one member (ledger, grant, cancel), revenue, notifications."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabar.core.timefmt import rupiah
from kabar.membership import queries, services
from kabar.membership.forms import CancelForm, GrantForm, MemberFilterForm
from kabar.membership.models import Membership, PaymentNotification

VIEW_MEMBERS = "membership.view_membership"
GRANT = "membership.grant_membership"
VIEW_REVENUE = "membership.view_order"
VIEW_NOTIFICATIONS = "membership.view_paymentnotification"
PAGE_SIZE = 50


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _page(request: HttpRequest, title: str, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**context, "header_title": title, "page_title": title, "header_icon": "user"}
    )


def members(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_MEMBERS)
    form = MemberFilterForm(request.GET or None)
    queryset = queries.members()
    if form.is_valid():
        if form.cleaned_data["status"]:
            queryset = queryset.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            queryset = queryset.filter(Q(user__email__icontains=q) | Q(user__username__icontains=q))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))
    return _page(
        request,
        _("Kabar+ members"),
        "membership/admin/members.html",
        {"form": form, "page": page, "counts": queries.member_counts(), "can_grant": request.user.has_perm(GRANT)},
    )


def member(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, VIEW_MEMBERS)
    membership = get_object_or_404(Membership.objects.select_related("user", "plan"), pk=pk)
    return _page(
        request,
        str(membership.user),
        "membership/admin/member.html",
        {
            "membership": membership,
            "orders": queries.orders_of(membership.user)[:100],
            "ledger": queries.ledger_of(membership)[:200],
            "grant_form": GrantForm(initial={"reader": membership.user.email or membership.user.get_username()}),
            "cancel_form": CancelForm(),
            "can_grant": request.user.has_perm(GRANT),
        },
    )


def grant(request: HttpRequest) -> HttpResponse:
    """Manual grant: a reader, months and days, and a reason that goes in the ledger and the log."""
    _require(request, GRANT)
    form = GrantForm(request.POST or None, initial={"reader": request.GET.get("reader", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = services.grant_membership(
            data["reader"],
            months=data["months"] or 0,
            days=data["days"] or 0,
            reason=data["reason"],
            actor=request.user,
        )
        messages.success(
            request,
            _("Kabar+ granted to %(reader)s until %(until)s.")
            % {"reader": data["reader"], "until": date_format(membership.ends_at, "DATE_FORMAT")},
        )
        return redirect("membership_admin_member", membership.pk)
    return _page(request, _("Grant Kabar+"), "membership/admin/grant.html", {"form": form})


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, GRANT)
    membership = get_object_or_404(Membership, pk=pk)
    form = CancelForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["reason"].strip():
        messages.error(request, _("A cancellation needs a reason."))
    else:
        services.cancel_membership(membership, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("The membership was cancelled."))
    return redirect("membership_admin_member", membership.pk)


@dataclass(frozen=True)
class Bar:
    x: int
    paid_y: int
    paid_height: int
    refund_height: int
    label: str
    payments: int
    paid: str
    refunded: str
    net: str


CHART_HEIGHT = 200
BAR_WIDTH = 36
BAR_GAP = 14


def revenue(request: HttpRequest) -> HttpResponse:
    """Revenue per month: a bar chart (SVG drawn here, no script) and the same numbers as a table."""
    _require(request, VIEW_REVENUE)
    months = queries.revenue_by_month(12)
    top = max([m.paid for m in months] + [m.refunded for m in months] + [1])
    bars = []
    for index, month in enumerate(months):
        paid_height = round(month.paid / top * CHART_HEIGHT)
        bars.append(
            Bar(
                x=index * (BAR_WIDTH + BAR_GAP),
                paid_y=CHART_HEIGHT - paid_height,
                paid_height=paid_height,
                refund_height=round(month.refunded / top * CHART_HEIGHT),
                label=date_format(month.month, "M Y"),
                payments=month.payments,
                paid=rupiah(month.paid),
                refunded=rupiah(month.refunded),
                net=rupiah(month.net),
            )
        )
    return _page(
        request,
        _("Kabar+ revenue"),
        "membership/admin/revenue.html",
        {
            "months": months,
            "bars": bars,
            "chart_width": len(bars) * (BAR_WIDTH + BAR_GAP),
            "chart_height": CHART_HEIGHT,
            "bar_width": BAR_WIDTH,
            "total_paid": rupiah(sum(m.paid for m in months)),
            "total_net": rupiah(sum(m.net for m in months)),
        },
    )


def notifications(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_NOTIFICATIONS)
    queryset = PaymentNotification.objects.select_related("order")
    outcome = request.GET.get("outcome", "")
    if outcome in PaymentNotification.Outcome.values:
        queryset = queryset.filter(outcome=outcome)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))
    return _page(
        request,
        _("Payment notifications"),
        "membership/admin/notifications.html",
        {"page": page, "outcomes": PaymentNotification.Outcome.choices, "outcome": outcome},
    )


def notification(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, VIEW_NOTIFICATIONS)
    item = get_object_or_404(PaymentNotification.objects.select_related("order"), pk=pk)
    return _page(request, _("Payment notification"), "membership/admin/notification.html", {"item": item})
