"""The wire desk: limits on what it fetches and reads (kabar/wire).

README.md ("Configuration") variables read here: KABAR_WIRE_MAX_BYTES, KABAR_WIRE_FETCH_TIMEOUT and
KABAR_WIRE_POLL_WORKERS.
"""

from __future__ import annotations

import os

# The wire desk: what one fetched or dropped document may weigh, how long a fetch may take,
# and how many feeds one poll cycle fetches at once.
KABAR_WIRE_MAX_BYTES = int(os.environ.get("KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))
KABAR_WIRE_FETCH_TIMEOUT = float(os.environ.get("KABAR_WIRE_FETCH_TIMEOUT", 10))
KABAR_WIRE_POLL_WORKERS = int(os.environ.get("KABAR_WIRE_POLL_WORKERS", 4))
