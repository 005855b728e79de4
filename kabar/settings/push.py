"""Web Push alerts (kabar/alerts): the VAPID keys, which push services readers' browsers may use,
and how the worker sends.

README.md ("Configuration") variables read here: KABAR_VAPID_PUBLIC_KEY, KABAR_VAPID_PRIVATE_KEY,
KABAR_VAPID_SUBJECT, KABAR_PUSH_ENDPOINT_ALLOW, KABAR_PUSH_CONCURRENCY, KABAR_PUSH_TIMEOUT,
KABAR_PUSH_SLICE_SECONDS, KABAR_PUSH_BATCH_SIZE, KABAR_PUSH_LEASE_SECONDS and KABAR_PUSH_SUBSCRIBE_RATE.
"""

from __future__ import annotations

import os

from kabar.settings.base import env_list

# Web Push alerts: the VAPID key pair (made once and kept in the database when not given here),
# the contact the push services see, which push endpoints readers' browsers may register (the
# known push services always; these URL prefixes too, such as a local push service), and how many
# pushes one worker has in flight at once.
KABAR_VAPID_PUBLIC_KEY = os.environ.get("KABAR_VAPID_PUBLIC_KEY", "").strip()
KABAR_VAPID_PRIVATE_KEY = os.environ.get("KABAR_VAPID_PRIVATE_KEY", "").strip()
KABAR_VAPID_SUBJECT = os.environ.get("KABAR_VAPID_SUBJECT", "").strip()
KABAR_PUSH_ENDPOINT_ALLOW = env_list("KABAR_PUSH_ENDPOINT_ALLOW")
KABAR_PUSH_CONCURRENCY = int(os.environ.get("KABAR_PUSH_CONCURRENCY", 100))
KABAR_PUSH_TIMEOUT = float(os.environ.get("KABAR_PUSH_TIMEOUT", 10))
# One worker task sends for this long, then queues the rest: a restart never waits longer.
KABAR_PUSH_SLICE_SECONDS = float(os.environ.get("KABAR_PUSH_SLICE_SECONDS", 10))
# The most pushes one worker has marked sending at once: a worker killed mid-alert can leave at
# most this many unrecorded, and they go again (1 % of a 10,000-browser alert).
KABAR_PUSH_BATCH_SIZE = int(os.environ.get("KABAR_PUSH_BATCH_SIZE", 100))
# A worker renews its hold on what it is sending every third of this; a dead worker's lapses after it.
KABAR_PUSH_LEASE_SECONDS = float(os.environ.get("KABAR_PUSH_LEASE_SECONDS", 15))
# Subscriptions (and topic changes) one client address may post per minute.
KABAR_PUSH_SUBSCRIBE_RATE = int(os.environ.get("KABAR_PUSH_SUBSCRIBE_RATE", 20))
