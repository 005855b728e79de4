"""The Hak Jawab page's form: shown, checked, stored, confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from kabar.core.ratelimit import client_ip
from kabar.pages import queries, services
from kabar.pages.forms import RightOfReplyForm

if TYPE_CHECKING:
    from kabar.pages.models import RightOfReplyPage


def right_of_reply(request: HttpRequest, page: RightOfReplyPage) -> HttpResponse:
    """GET shows the form; POST stores the reply and answers with a confirmation, or the form and its errors.

    Never stored by the page cache: the form carries this reader's CSRF token.
    """
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    status = 200
    sent = False
    form = RightOfReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not services.may_send_reply(client_ip(request)):
            # Counted only for complete replies: a reader correcting a mistake is never locked out.
            status = 429
            form.add_error(None, _("You have sent several replies in a short time. Please try again in an hour."))
        else:
            if not form.is_bot():
                data = form.cleaned_data
                services.receive_reply(
                    services.Reply(
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        article_url=data["article_url"],
                        article=form.article,
                        text=data["text"],
                    )
                )
            sent = True
    context = page.get_context(request)
    context.update({"form": form, "sent": sent, "privacy_url": queries.privacy_policy_url()})
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if status == 429:
        response["Retry-After"] = str(services.RATE_WINDOW_SECONDS)
    add_never_cache_headers(response)
    return response
