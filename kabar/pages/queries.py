"""Reads for the standard pages: the footer's links, the masthead, the corrections, an article by its address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from kabar.articles.models import ArticlePage, Correction
from kabar.core.roles import Role
from kabar.pages.models import RightOfReply
from kabar.people.models import Person

FOOTER_CACHE_SECONDS = 60
# The privacy policy the Hak Jawab form points to when it asks for personal data (UU PDP: say why, where it is asked).
PRIVACY_POLICY_SLUG = "kebijakan-privasi"
# Redaksi lists the editors first, then the writers, photographers and contributors.
MASTHEAD_ORDER = (Person.Role.EDITOR, Person.Role.WRITER, Person.Role.PHOTOGRAPHER, Person.Role.CONTRIBUTOR)
MASTHEAD_HEADINGS = {
    Person.Role.EDITOR: gettext_lazy("Editors"),
    Person.Role.WRITER: gettext_lazy("Writers"),
    Person.Role.PHOTOGRAPHER: gettext_lazy("Photographers"),
    Person.Role.CONTRIBUTOR: gettext_lazy("Contributors"),
}


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


def footer_links() -> list[FooterLink]:
    """The live standard pages that say "show in menus", in the admin's order; cached for a minute.

    Every public page's footer shows them: publishing one of them clears this (caching.purge_page).
    """
    from kabar.pages.caching import FOOTER_CACHE_KEY
    from kabar.pages.models import CorrectionsPage, MastheadPage, RightOfReplyPage, StandardPage

    found: list[FooterLink] | None = cache.get(FOOTER_CACHE_KEY)
    if found is None:
        rows = (
            Page.objects.live()
            .public()
            .filter(show_in_menus=True, depth=3)
            .type(StandardPage, MastheadPage, RightOfReplyPage, CorrectionsPage)
            .order_by("path")
            .only("title", "url_path")
        )
        found = [FooterLink(title=page.title, url=page.url or "") for page in rows]
        found = [link for link in found if link.url]
        cache.set(FOOTER_CACHE_KEY, found, FOOTER_CACHE_SECONDS)
    return found


def safe_footer_links() -> list[FooterLink]:
    """As footer_links, or none while the database is down (the error pages render the footer too)."""
    try:
        return footer_links()
    except DatabaseError:
        return []


def privacy_policy_url() -> str | None:
    """The address of the live privacy policy page under the home page, if there is one."""
    from kabar.pages.models import StandardPage

    page = StandardPage.objects.live().filter(slug=PRIVACY_POLICY_SLUG, depth=3).first()
    return page.url if page is not None else None


@dataclass(frozen=True)
class MastheadGroup:
    role: str
    heading: str
    people: list[Person]


def masthead() -> list[MastheadGroup]:
    """The newsroom's active people by role (editors first), each group by name."""
    people = Person.objects.filter(is_active=True).order_by("name")
    by_role: dict[str, list[Person]] = {}
    for person in people:
        by_role.setdefault(person.role, []).append(person)
    return [
        MastheadGroup(role=str(role), heading=str(MASTHEAD_HEADINGS[role]), people=by_role[role])
        for role in MASTHEAD_ORDER
        if by_role.get(role)
    ]


def published_corrections() -> QuerySet[Correction]:
    """Corrections on live, public articles, newest first, with their article (for its title and address)."""
    live = ArticlePage.objects.live().public().values("pk")
    corrections: QuerySet[Correction] = (
        Correction.objects.filter(article__in=live)
        .select_related("article", "article__section")
        # A correction names its article; the article's body is never shown here.
        .defer("article__body")
        .order_by("-corrected_at", "-pk")
    )
    return corrections


def article_at(address: str) -> ArticlePage | None:
    """The live, public article at `address` (a full URL on this site, or its path), or None."""
    parts = urlsplit(address.strip())
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc:
        ours = {urlsplit(settings.BASE_URL).netloc.lower(), *(host.lower() for host in settings.ALLOWED_HOSTS)}
        if parts.netloc.lower() not in ours and parts.hostname not in ours:
            return None
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == "article":
        pk: Any = match.kwargs.get("pk")
        found: ArticlePage | None = ArticlePage.objects.live().public().filter(pk=pk).first()
        return found
    return None


def editors_addresses() -> list[str]:
    """Where a new right of reply is announced: the Redaktur and Admin staff with an address."""
    users = get_user_model()._default_manager.filter(
        is_active=True, groups__name__in=[Role.EDITOR.value, Role.ADMIN.value]
    )
    addresses = sorted({address for address in users.values_list("email", flat=True) if address})
    return addresses


def replies_for_export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """The rights of reply sent from the reader's verified addresses, for their data download.

    Matched by address, as a reply needs no account; only verified addresses, so signing up with
    someone else's address never hands over what they sent.
    """
    from allauth.account.models import EmailAddress

    addresses = {
        address.lower()
        for address in EmailAddress.objects.filter(user_id=user.pk, verified=True).values_list("email", flat=True)
    }
    if not addresses:
        return []
    matching = Q()
    for address in sorted(addresses):
        matching |= Q(email__iexact=address)
    replies = RightOfReply.objects.filter(matching)
    return [
        {
            "received_at": reply.received_at,
            "name": reply.name,
            "email": reply.email,
            "phone": reply.phone,
            "article_url": reply.article_url,
            "text": reply.text,
            "status": reply.status,
            "answer": reply.answer,
            "answered_at": reply.answered_at,
        }
        for reply in replies.order_by("received_at", "pk")
    ]
