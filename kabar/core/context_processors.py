from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kabar.core.brand import Brand, brand_for_request


def site(request: HttpRequest) -> dict[str, object]:
    # Lazy: a template that shows no name, logo or colours (a feed, an e-mail) costs no cache read.
    brand: Brand = SimpleLazyObject(lambda: brand_for_request(request))  # type: ignore[assignment]
    return {
        "SITE_NAME": SimpleLazyObject(lambda: brand.name),
        "BASE_URL": settings.BASE_URL,
        "brand": brand,
    }
