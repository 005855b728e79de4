from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def site_path(candidate: str | None) -> str | None:
    """`candidate` if it is a path on this site ("/nasional/..."), else None.

    After logging in, saving or following, the reader goes back to `next`; only a path of our own
    is taken, never an absolute URL, `//host` or `/\\host` (which browsers read as another host).
    """
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return None
    if any(ord(char) < 32 or char.isspace() for char in candidate):
        return None
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts=set(), require_https=False):
        return None
    return candidate
