from __future__ import annotations

from django.http import HttpRequest

from kabar.alerts import queries


def breaking_news(request: HttpRequest) -> dict[str, object]:
    """`breaking_banner` for base.html: a callable, so pages that never show it never query for it."""
    return {"breaking_banner": _banner}


def _banner() -> dict[str, object] | None:
    try:
        return queries.breaking_banner()
    except Exception:  # the error pages render this too, possibly without a database
        return None
