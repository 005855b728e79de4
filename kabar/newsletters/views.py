"""The readers' newsletter pages, under /nawala/.

The sign-up page and the forms under articles are the same for everyone (cached pages, no CSRF token,
no session), so their POST is CSRF-exempt and never acts on the session: it always asks the address's
owner to confirm by mail. One click for a signed-in reader happens only from /akun/ (a CSRF-protected
form on a private page). The signed links carry their own credential: a confirmation, the preferences
page, unsubscribing (RFC 8058 one-click POST with no cookie).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabar.core.brand import brand_for_request
from kabar.core.ratelimit import client_ip
from kabar.delivery.variants import is_member_request
from kabar.newsletters import queries, services, tokens
from kabar.newsletters.forms import PreferencesForm, SubscribeForm, consent_text
from kabar.newsletters.models import NewsletterList, Subscription

# ---- subscribers ----


def _consent(request: HttpRequest) -> str:
    return consent_text(brand_for_request(request).name)


@require_GET
def signup(request: HttpRequest) -> HttpResponse:
    """Every public list with one form (linked from the footer); the same page for everyone, cacheable."""
    form = SubscribeForm(
        lists=queries.offered_lists(),
        initial={"source": Subscription.Source.FOOTER, "lists": _digests()},
    )
    return render(request, "newsletters/signup.html", {"form": form, "consent": _consent(request)})


def _digests() -> list[int]:
    return list(queries.offered_lists().filter(kind=NewsletterList.Kind.DIGEST).values_list("pk", flat=True))


@csrf_exempt
@never_cache
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """The public forms' target: a confirmation mail to the address, or the form again with its message."""
    form = SubscribeForm(request.POST, lists=queries.offered_lists())
    if form.is_valid():
        try:
            services.subscribe(
                form.cleaned_data["email"],
                form.cleaned_data["lists"],
                user=None,
                source=form.cleaned_data["source"],
                consent_text=_consent(request),
                request_ip=client_ip(request),
            )
        except services.SubscribeError as error:
            form.add_error("email", str(error))
        else:
            return render(
                request,
                "newsletters/sent.html",
                {"email": form.cleaned_data["email"].strip().lower(), "hours": tokens.confirm_hours()},
            )
    return render(request, "newsletters/signup.html", {"form": form, "consent": _consent(request)}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for one press (mail scanners follow links, they do not press buttons); POST confirms."""
    request_data = tokens.read_confirm_token(token)
    if request_data is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    if request.method == "POST":
        confirmed = services.confirm(token)
        if confirmed is None:
            return render(request, "newsletters/link_invalid.html", status=404)
        active = [s for s in confirmed if s.status == Subscription.Status.ACTIVE]
        return render(
            request,
            "newsletters/confirmed.html",
            {"subscriptions": active, "preferences_url": tokens.preferences_url(request_data.email)},
        )
    waiting = Subscription.objects.filter(
        pk__in=request_data.subscription_ids, email=request_data.email
    ).select_related("newsletter")
    return render(request, "newsletters/confirm.html", {"email": request_data.email, "subscriptions": waiting})


def preferences_lists(email: str, *, members: bool) -> Any:
    """Lists offered on a preferences page: the public ones, and a members' letter the address is on (to leave)."""
    own_members_lists = Subscription.objects.filter(
        email=email, status=Subscription.Status.ACTIVE, newsletter__kind=NewsletterList.Kind.MEMBERS
    ).values("newsletter_id")
    offered = NewsletterList.objects.filter(is_active=True)
    if not members:
        offered = offered.exclude(kind=NewsletterList.Kind.MEMBERS) | offered.filter(pk__in=own_members_lists)
    return offered.order_by("position", "name")


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """The lists an address receives, from the signed link in every mail, without logging in."""
    email = tokens.read_preferences_token(token)
    if email is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    lists = preferences_lists(email, members=False)
    saved = False
    if request.method == "POST":
        if "unsubscribe_all" in request.POST:
            services.unsubscribe_all(email, source="preferences")
            saved = True
        else:
            form = PreferencesForm(request.POST, lists=lists)
            if form.is_valid():
                services.set_preferences(
                    email,
                    form.cleaned_data["lists"],
                    source=Subscription.Source.PREFERENCES,
                    consent_text=_consent(request),
                    request_ip=client_ip(request),
                )
                saved = True
    form = PreferencesForm(lists=lists, initial={"lists": sorted(queries.active_list_ids(email))})
    return render(
        request,
        "newsletters/preferences.html",
        {
            "form": form,
            "email": email,
            "saved": saved,
            "suppression": queries.suppression_of(email),
            "consent": _consent(request),
        },
    )


def _subscription_from(token: str) -> Subscription | None:
    found = tokens.read_unsubscribe_token(token)
    if found is None:
        return None
    subscription_id, email = found
    return Subscription.objects.select_related("newsletter").filter(pk=subscription_id, email=email).first()


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button, so a link scanner unsubscribes no one. POST (the button, or a mail
    client's RFC 8058 ``List-Unsubscribe=One-Click``): off the list at once. The signed link is the
    credential, so no CSRF token or cookie is needed."""
    subscription = _subscription_from(token)
    if subscription is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(subscription, source="one-click" if one_click else "link")
    return render(
        request,
        "newsletters/unsubscribe.html",
        {
            "subscription": subscription,
            "done": subscription.status == Subscription.Status.UNSUBSCRIBED,
            "preferences_url": tokens.preferences_url(subscription.email),
        },
    )


# /akun/: the reader's own lists, one click for a verified address.


def reader_address(user: Any) -> str:
    """The address a reader's letters go to: the primary allauth address, else the account's."""
    from allauth.account.models import EmailAddress

    primary = EmailAddress.objects.filter(user=user, primary=True).values_list("email", flat=True).first()
    return (primary or user.email or "").strip().lower()


@never_cache
@login_required
@require_POST
def account(request: HttpRequest) -> HttpResponse:
    """The /akun/ form: checked lists kept or added, the rest left. A verified address at once; an
    unverified one gets the confirmation mail for what it adds."""
    email = reader_address(request.user)
    back = HttpResponseRedirect(reverse("readers:account") + "#nawala")
    if not email:
        return back
    lists = preferences_lists(email, members=is_member_request(request))
    if "resume" in request.POST:
        if services.resume_mail(request.user, email):
            messages.success(request, _("Mail to %(email)s is on again.") % {"email": email})
        return back
    form = PreferencesForm(request.POST, lists=lists)
    if not form.is_valid():
        return back
    chosen = list(form.cleaned_data["lists"])
    if services.owns_verified_address(request.user, email):
        services.set_preferences(
            email,
            chosen,
            source=Subscription.Source.ACCOUNT,
            consent_text=_consent(request),
            user=request.user,
            request_ip=client_ip(request),
        )
        messages.success(request, _("Your newsletters are saved."))
        return back
    active = queries.active_list_ids(email)
    for subscription in Subscription.objects.filter(email=email, status=Subscription.Status.ACTIVE):
        if subscription.newsletter_id not in {n.pk for n in chosen}:
            services.unsubscribe(subscription, source=Subscription.Source.ACCOUNT)
    added = [n for n in chosen if n.pk not in active]
    if added:
        try:
            services.subscribe(
                email,
                added,
                user=request.user,
                source=Subscription.Source.ACCOUNT,
                consent_text=_consent(request),
                request_ip=client_ip(request),
            )
        except services.SubscribeError as error:
            messages.error(request, str(error))
            return back
        messages.success(request, _("We sent a confirmation link to %(email)s.") % {"email": email})
    else:
        messages.success(request, _("Your newsletters are saved."))
    return back


# ---- editions ----

# ---- events ----
