"""The readers app's part in Kabar's hooks (kabar/core/hooks.py): its pages under /akun/ and what it
puts on public pages (the account link, save and follow), the same for every reader so pages stay
cacheable; readers.js fills in who is signed in."""

from __future__ import annotations

from django.urls import URLResolver, include, path
from wagtail import hooks

from kabar.core import hooks as kabar_hooks
from kabar.delivery import slots


@hooks.register(kabar_hooks.SLOT_FILLERS)
def slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("head", slots.template("readers/slots/head.html"), order=10),
        slots.Filler("account", slots.template("readers/slots/account.html", "page")),
        slots.Filler("article_actions", slots.template("readers/slots/article_actions.html", "page", "writers")),
    ]


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    # Before django-allauth's own /akun/ (kabar/urls.py), whose pages these override.
    return [path("akun/", include("kabar.readers.urls"))]
