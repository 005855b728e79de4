"""The content API's part in Kabar's hooks (kabar/core/hooks.py)."""

from __future__ import annotations

from django.urls import URLResolver, include, path
from wagtail import hooks

from kabar.core import hooks as kabar_hooks


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    return [path("api/", include("kabar.api.urls"))]
