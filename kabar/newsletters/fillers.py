"""What the newsletters put in the public pages' slots (kabar/delivery/slots.py).

Under an article and behind the footer link: the same form for every reader, so the pages stay cached.
On /akun/ (private): the reader's own lists, with the CSRF token of that page.
"""

from __future__ import annotations

from django.db.models import Q
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from kabar.core.brand import brand_for_request
from kabar.delivery import slots
from kabar.delivery.variants import is_member_request
from kabar.newsletters import queries, services, views
from kabar.newsletters.forms import PreferencesForm, SubscribeForm, consent_text
from kabar.newsletters.models import NewsletterList, Subscription


def after_article(slot: slots.Slot) -> str:
    """Kabar Pagi and the article's section letter (the digest ticked), under the article."""
    if slot.context is None or slot.context.get("is_preview"):
        return ""
    page = slot.context.get("page")
    section_id = getattr(page, "section_id", None)
    lists = queries.offered_lists().filter(
        Q(kind=NewsletterList.Kind.DIGEST) | Q(kind=NewsletterList.Kind.SECTION, section_id=section_id)
    )
    if not lists:
        return ""
    digests = [n.pk for n in lists if n.kind == NewsletterList.Kind.DIGEST]
    form = SubscribeForm(lists=lists, initial={"source": Subscription.Source.ARTICLE, "lists": digests})
    return render_to_string(
        "newsletters/slots/after_article.html",
        {"form": form, "consent": consent_text(brand_for_request(slot.request).name), "request": slot.request},
    )


def account_page(slot: slots.Slot) -> str:
    request = slot.request
    if request is None or not request.user.is_authenticated:
        return ""
    email = views.reader_address(request.user)
    context: dict[str, object] = {"email": email}
    if email:
        lists = views.preferences_lists(email, members=is_member_request(request))
        context.update(
            form=PreferencesForm(lists=lists, initial={"lists": sorted(queries.active_list_ids(email))}),
            verified=services.owns_verified_address(request.user, email),
            suppressed=queries.is_suppressed(email),
            consent=consent_text(brand_for_request(request).name),
            csrf_token=get_token(request),
        )
    return render_to_string("newsletters/slots/account_page.html", context)
