"""The wire desk: limits on what it fetches and reads (kabar/wire).

README.md ("Configuration") variables read here: KABAR_WIRE_MAX_BYTES, KABAR_WIRE_FETCH_TIMEOUT,
KABAR_WIRE_POLL_WORKERS, KABAR_WIRE_DROP_SETTLE_SECONDS, KABAR_WIRE_DROP_INCOMPLETE_WAIT_SECONDS and
KABAR_WIRE_RETENTION_DAYS.
"""

from __future__ import annotations

import os

# The wire desk: what one fetched or dropped document may weigh, how long a fetch may take,
# and how many feeds one poll cycle fetches at once.
KABAR_WIRE_MAX_BYTES = int(os.environ.get("KABAR_WIRE_MAX_BYTES", 20 * 1024 * 1024))
KABAR_WIRE_FETCH_TIMEOUT = float(os.environ.get("KABAR_WIRE_FETCH_TIMEOUT", 10))
KABAR_WIRE_POLL_WORKERS = int(os.environ.get("KABAR_WIRE_POLL_WORKERS", 4))
# Drop folders: a file changed in the last seconds may still be arriving and waits for the next poll;
# one that ends before its document does waits this long for the rest before it is refused.
KABAR_WIRE_DROP_SETTLE_SECONDS = float(os.environ.get("KABAR_WIRE_DROP_SETTLE_SECONDS", 5))
KABAR_WIRE_DROP_INCOMPLETE_WAIT_SECONDS = float(os.environ.get("KABAR_WIRE_DROP_INCOMPLETE_WAIT_SECONDS", 900))
# Wire items nothing has been received for in this many days leave the desk, unless an article was
# made from them (kabar.wire.services.remove_old_items, run by the worker's clock).
KABAR_WIRE_RETENTION_DAYS = int(os.environ.get("KABAR_WIRE_RETENTION_DAYS", 90))
