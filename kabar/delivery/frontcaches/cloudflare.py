"""Cloudflare: purge by cache tag through its API (the pages carry a Cache-Tag header).

POST {api}/zones/{zone id}/purge_cache with {"tags": [...]} and an API token allowed to purge
the zone ("Cache Purge" permission). Cloudflare has no soft purge; every purge is a purge.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from kabar.delivery.frontcaches import PurgeFailed

# Cloudflare's documented limit per call has been 30 tags on some plans; staying under it works on all.
TAGS_PER_REQUEST = 30
DEFAULT_API_URL = "https://api.cloudflare.com/client/v4"


class Cloudflare:
    name = "cloudflare"

    def __init__(self, zone_id: str, api_token: str, api_url: str = DEFAULT_API_URL, timeout: float = 5.0) -> None:
        self.endpoint = f"{api_url.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.api_token = api_token
        self.timeout = timeout

    def purge(self, keys: list[str], hard: bool) -> None:
        for start in range(0, len(keys), TAGS_PER_REQUEST):
            self._purge_tags(keys[start : start + TAGS_PER_REQUEST])

    def _purge_tags(self, tags: list[str]) -> None:
        request = urllib.request.Request(  # noqa: S310 - the configured API URL
            self.endpoint,
            data=json.dumps({"tags": tags}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.api_token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise PurgeFailed(f"Cloudflare answered {error.code}: {error.read()[:300]!r}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise PurgeFailed(f"Cloudflare purge failed: {error}") from error
        if not answer.get("success"):
            raise PurgeFailed(f"Cloudflare refused the purge: {answer.get('errors')}")
