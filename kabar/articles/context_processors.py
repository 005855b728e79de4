from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

NAVIGATION_CACHE_KEY = "kabar:navigation:v1"


def navigation(request: HttpRequest) -> dict[str, object]:
    """The sections in the header, cached briefly: they change rarely and every page shows them."""
    from kabar.articles.models import SectionPage
    from kabar.articles.queries import live_fronts

    nav = cache.get(NAVIGATION_CACHE_KEY)
    if nav is None:
        try:
            nav = [
                {"title": s.title, "url": "/" + s.slug + "/", "slug": s.slug}
                for s in live_fronts(SectionPage).order_by("path").only("title", "slug")
            ]
        except Exception:  # the error pages render this too, possibly without a database
            return {"nav_sections": []}
        cache.set(NAVIGATION_CACHE_KEY, nav, 60)
    return {"nav_sections": nav}
