"""Clicks counted through Kabar's own redirect: every link in an edition's mail points to
/n/k/<token>, where the token is the edition and the target URL signed together with SECRET_KEY.

The redirect only goes where a token signed by Kabar says, so it is no open redirect: a forged or
altered token, or a target that is not http(s), gets a 404. No cookie, pixel or third party is
involved; the click is one counter per (edition, link).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kabar.newsletters.models import Click, Edition

CLICK_SALT = "kabar.newsletters.click"
_signer = signing.Signer(salt=CLICK_SALT)


def click_token(edition_id: int, url: str) -> str:
    return _signer.sign_object([edition_id, url], compress=True)


def read_click_token(token: str) -> tuple[int, str] | None:
    """(edition id, target) a token was signed for; None when forged, damaged or not a web address."""
    try:
        edition_id, url = _signer.unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(edition_id, int) or not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    return edition_id, url


def click_url(edition_id: int, url: str) -> str:
    return f"{settings.BASE_URL}{reverse('newsletters_click', args=[click_token(edition_id, url)])}"


def record_click(edition_id: int, url: str) -> None:
    now = timezone.now()
    if Click.objects.filter(edition_id=edition_id, url=url).update(count=F("count") + 1, last_clicked_at=now):
        return
    try:
        with transaction.atomic():
            Click.objects.create(edition_id=edition_id, url=url, count=1, last_clicked_at=now)
    except IntegrityError:  # another request made the row first
        Click.objects.filter(edition_id=edition_id, url=url).update(count=F("count") + 1, last_clicked_at=now)


@never_cache
@require_safe
def follow(request: HttpRequest, token: str) -> HttpResponse:
    found = read_click_token(token)
    if found is None or not Edition.objects.filter(pk=found[0]).exists():
        raise Http404
    edition_id, url = found
    # A HEAD is a link checker or a mail scanner looking, not a reader clicking.
    if request.method == "GET":
        record_click(edition_id, url)
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response
