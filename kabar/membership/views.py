"""Kabar+'s pages: "Gabung Kabar+" (public, cached), checkout, the order, the reader's membership and
receipts (the reader's own, never cached), the gateways' webhook and the sandbox's payment page."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabar.core import ratelimit
from kabar.membership import gateways, queries, services
from kabar.membership.middleware import mark_for_sync
from kabar.membership.models import Order, Plan

logger = logging.getLogger(__name__)

CHECKOUT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PENDING_REFRESH_SECONDS = 2
RETURNED = "kembali"  # on the order page's address when the sandbox's payment page sends the reader back


def reader_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The reader's own page: log in first, never cached, and the kabar_plus cookie kept in step."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mark_for_sync(request)
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """ "Gabung Kabar+": the plans. Public and cacheable: the same for every reader of a variant."""
    return render(request, "membership/join.html", {"plans": queries.active_plans(), "kabar_no_ads": True})


@reader_page
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, plan: str) -> HttpResponse:
    """The plan, the price and "Bayar". One page, one token: pressing twice makes one order."""
    chosen = get_object_or_404(Plan, slug=plan, active=True)
    membership = queries.membership_of(request.user)
    error = ""
    status = 200
    if request.method == "POST":
        token = request.POST.get("checkout_token", "")
        if not CHECKOUT_TOKEN.match(token):
            logger.warning("checkout by user %s with a malformed token", request.user.pk)
            error, status = _("This page has expired. Please press “Pay” again."), 400
        else:
            try:
                order = services.start_checkout(request.user, chosen, token)
            except services.CheckoutError as problem:
                error, status = str(problem), 503
            else:
                if order.status == Order.Status.PENDING and order.payment_url:
                    return HttpResponseRedirect(order.payment_url)
                if order.status == Order.Status.FAILED:
                    error, status = _("That payment could not start. Please try again."), 503
                else:
                    return redirect("membership:order", order.order_id)
    context = {
        "plan": chosen,
        "membership": membership,
        "entitled": membership is not None and membership.is_entitled(),
        "checkout_token": secrets.token_urlsafe(24),
        "error": error,
        "kabar_no_ads": True,
    }
    return render(request, "membership/checkout.html", context, status=status)


@reader_page
@require_GET
def order(request: HttpRequest, order_id: str) -> HttpResponse:
    """Where the gateway sends the reader back: paid, still waiting (refreshes itself), or failed."""
    found = queries.order_of(request.user, order_id)
    if found is None:
        raise Http404("No such order")
    waiting = found.status in (Order.Status.CREATED, Order.Status.PENDING)
    context = {
        "order": found,
        "waiting": waiting,
        # Back from the payment page (Midtrans adds its result to the finish URL; the sandbox adds RETURNED):
        # the reader has paid or given up there, so the page waits for the gateway's word instead of
        # offering to pay again.
        "returned": any(key in request.GET for key in (RETURNED, "transaction_status", "status_code")),
        "refresh_seconds": PENDING_REFRESH_SECONDS if waiting else None,
        "membership": queries.membership_of(request.user),
        "kabar_no_ads": True,
    }
    return render(request, "membership/order.html", context)


@reader_page
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The reader's Kabar+: plan, end date, payments and receipts."""
    membership = queries.membership_of(request.user)
    context = {
        "membership": membership,
        "entitled": membership is not None and membership.is_entitled(),
        "orders": queries.orders_of(request.user)[:50],
        "plans": queries.active_plans(),
        "kabar_no_ads": True,
    }
    return render(request, "membership/account.html", context)


@reader_page
@require_GET
def receipt(request: HttpRequest, order_id: str) -> HttpResponse:
    """The Kuitansi of a paid order, to print or save."""
    found = queries.order_of(request.user, order_id)
    if found is None or not found.has_receipt:
        raise Http404("No receipt")
    return render(request, "membership/receipt.html", {"order": found, "kabar_no_ads": True})


@csrf_exempt
@never_cache
@require_POST
def notification(request: HttpRequest, gateway: str) -> HttpResponse:
    """The payment gateways' webhook: the only way an order becomes paid, refunded or charged back."""
    body = request.read(services.NOTIFICATION_MAX_BYTES + 1)
    result = services.apply_payment_notification(gateway, body, request.headers, ratelimit.client_ip(request))
    response = JsonResponse({"status": result.outcome, "detail": result.detail}, status=result.http_status)
    if result.http_status == 429:
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_pay(request: HttpRequest, order_id: str) -> HttpResponse:
    """The sandbox gateway's simulated payment page: "Bayar" or "Gagal", then back to Kabar."""
    if not gateways.available("sandbox"):
        raise Http404("The sandbox gateway is off")
    found = get_object_or_404(Order.objects.select_related("plan"), order_id=order_id, gateway="sandbox")
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        if outcome not in ("pay", "fail"):
            return render(request, "membership/sandbox_pay.html", {"order": found, "kabar_no_ads": True}, status=400)
        if found.status in (Order.Status.CREATED, Order.Status.PENDING):
            services.simulate_sandbox_payment(found, outcome)
        return HttpResponseRedirect(f"{reverse('membership:order', args=[found.order_id])}?{RETURNED}=1")
    return render(request, "membership/sandbox_pay.html", {"order": found, "kabar_no_ads": True})
