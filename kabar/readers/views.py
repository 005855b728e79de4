"""Thin views for the reader's pages under /akun/ (never cached: see middleware.py) and the status endpoint."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabar.articles.models import paginate
from kabar.core import ratelimit
from kabar.readers import queries, services
from kabar.readers.forms import DeleteAccountForm, ProfileForm
from kabar.readers.redirects import site_path

logger = logging.getLogger(__name__)

# The largest id the database's integer column holds; longer numbers would crash SQLite.
MAX_ID = 2**63 - 1


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def parse_id(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 18:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def back_to(request: HttpRequest, fallback: str) -> str:
    return site_path(request.POST.get("next") or request.GET.get("next")) or fallback


# --- the status endpoint -------------------------------------------------------------------------


@require_GET
def status(request: HttpRequest) -> JsonResponse:
    """The per-reader parts of any page, for readers.js: never cached, never shared."""
    raw = request.GET.get("article")
    page_id = parse_id(raw) if raw else None
    if raw and page_id is None:
        response = JsonResponse({"error": _("article must be a page id.")}, status=400)
    else:
        data = queries.reader_status(request.user, page_id)
        # A token only for the signed-in: the anonymous need none, and get no cookie for it.
        data["csrf_token"] = get_token(request) if request.user.is_authenticated else None
        response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


# --- account -------------------------------------------------------------------------------------


@require_GET
def entry(request: HttpRequest) -> HttpResponse:
    """The header's account link, the same in every cached copy of a page: a signed-in reader (whose browser
    did not run readers.js) goes to their account, anyone else to the login form and back to the page."""
    if request.user.is_authenticated:
        return redirect("readers:account")
    return redirect_to_login(site_path(request.GET.get("next")) or "/")


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    identity = queries.reader_identity(request.user)
    return render(
        request,
        "readers/account.html",
        {
            "identity": identity,
            "follows": queries.follows_of(request.user),
            "is_staff_account": queries.is_staff_account(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    current = queries.profile_of(request.user)
    name = queries.reader_name(request.user, current)
    form = ProfileForm(request.POST or None, request.FILES or None, initial={"display_name": name})
    limited = request.method == "POST" and not profile_change_allowed(request)
    if limited:
        form.add_error(None, _("You have changed your profile many times in a short while. Try again in a minute."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                request.user,
                display_name=form.cleaned_data["display_name"],
                avatar=form.cleaned_data["avatar"],
                remove_avatar=form.cleaned_data["remove_avatar"],
            )
        except services.AvatarError as error:
            form.add_error("avatar", str(error))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("readers:profile")
    response = render(
        request,
        "readers/profile.html",
        {"form": form, "identity": queries.reader_identity(request.user, current)},
        status=429 if limited else 400 if form.errors else 200,
    )
    if limited:
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return response


def profile_change_allowed(request: HttpRequest) -> bool:
    """Each save may decode a picture: a reader, or one address's readers together, get a few a minute."""
    address = ratelimit.client_ip(request)
    reader_ok = ratelimit.allow(f"profile:user:{request.user.pk}", settings.KABAR_PROFILE_RATE)
    address_ok = ratelimit.allow(f"profile:ip:{address}", settings.KABAR_PROFILE_IP_RATE) if address else True
    if not (reader_ok and address_ok):
        logger.warning("profile changes over the limit: reader %s from %s", request.user.pk, address)
    return reader_ok and address_ok


# --- saved articles ------------------------------------------------------------------------------


@login_required
@require_GET
def saved(request: HttpRequest) -> HttpResponse:
    return render(
        request, "readers/saved.html", {"articles_page": paginate(request, queries.saved_articles(request.user))}
    )


@login_required
@require_http_methods(["GET", "POST"])
def save_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """GET: a confirmation form (the no-script way, also after logging in). POST: save or remove."""
    article = queries.readable_article(article_id)
    if article is None:
        raise Http404("No such article")
    if request.method == "GET":
        return render(
            request,
            "readers/save_confirm.html",
            {
                "article": article,
                "is_saved": queries.is_saved(request.user, article.pk),
                "next": back_to(request, article.dated_path()),
            },
        )
    action = request.POST.get("action", "save")
    if action not in {"save", "remove"}:
        return HttpResponseBadRequest(_("Unknown action."))
    if action == "save":
        services.save_article_for_later(request.user, article.pk)
    else:
        services.remove_saved_article(request.user, article.pk)
    if wants_json(request):
        return JsonResponse({"saved": action == "save"})
    messages.success(request, _("Saved.") if action == "save" else _("Removed from your saved articles."))
    return redirect(back_to(request, article.dated_path()))


# --- reading history -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def history(request: HttpRequest) -> HttpResponse:
    """GET: "Riwayat baca". POST article=<id>: readers.js reports an article read for a few seconds."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return JsonResponse({"error": _("Log in first.")}, status=403)
        article_id = parse_id(request.POST.get("article"))
        if article_id is None:
            return JsonResponse({"error": _("article must be a page id.")}, status=400)
        try:
            services.record_reading(request.user, article_id)
        except services.ArticleNotFound:
            return JsonResponse({"error": _("No such article.")}, status=404)
        return JsonResponse({"recorded": True})
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request, "readers/history.html", {"articles_page": paginate(request, queries.reading_history(request.user))}
    )


@login_required
@require_POST
def clear_history(request: HttpRequest) -> HttpResponse:
    services.clear_reading_history(request.user)
    messages.success(request, _("Your reading history is cleared."))
    return redirect("readers:history")


# --- follows and "Untuk Anda" --------------------------------------------------------------------


@login_required
@require_GET
def for_you(request: HttpRequest) -> HttpResponse:
    follows = queries.follows_of(request.user)
    followed = {t.key for t in follows}
    suggestions = [t for t in queries.section_targets() if t.key not in followed]
    articles_page = paginate(request, queries.for_you_articles(request.user)) if follows else None
    return render(
        request,
        "readers/for_you.html",
        {"follows": follows, "suggestions": suggestions, "articles_page": articles_page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, kind_slug: str, target_id: int) -> HttpResponse:
    """GET: a confirmation form (the no-script way). POST action=follow|unfollow."""
    kind = queries.FOLLOW_KINDS_BY_SLUG.get(kind_slug)
    target = queries.follow_target(kind, target_id) if kind else None
    if target is None:
        raise Http404("Nothing to follow")
    if request.method == "GET":
        following = target.key in queries.followed_keys(request.user, [target])
        return render(
            request,
            "readers/follow_confirm.html",
            {"target": target, "following": following, "next": back_to(request, target.url)},
        )
    action = request.POST.get("action", "follow")
    if action not in {"follow", "unfollow"}:
        return HttpResponseBadRequest(_("Unknown action."))
    if action == "follow":
        services.follow(request.user, target.kind, target.id)
    else:
        services.unfollow(request.user, target.kind, target.id)
    if wants_json(request):
        return JsonResponse({"following": action == "follow"})
    if action == "follow":
        messages.success(request, _("You follow %(name)s.") % {"name": target.name})
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": target.name})
    return redirect(back_to(request, target.url))


# --- the reader's data ---------------------------------------------------------------------------


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    """Everything Kabar holds about the reader, as a JSON download."""
    data = services.export_reader_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"kabar-data-saya-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    logger.info("reader %s downloaded their data", request.user.pk)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    if queries.is_staff_account(request.user):
        return render(request, "readers/delete_account.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.delete_reader_account(user, remove_comments=form.remove_comments)
        except Exception:  # a handler failed or is misconfigured: all rolled back, so the reader may try again
            logger.exception("reader account %s not deleted", user.pk)
            form.add_error(None, _("Your account could not be deleted just now. Nothing was deleted; try again later."))
        else:
            logout(request)
            return redirect("readers:deleted")
    return render(request, "readers/delete_account.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "readers/deleted.html")
