"""Newsletters: sign-up limits, link lifetimes, the send's batches, leases and journals, bounces.

README.md ("Configuration") variables read here: KABAR_NEWSLETTER_CONFIRM_HOURS, KABAR_NEWSLETTER_LINK_DAYS,
KABAR_NEWSLETTER_SIGNUPS_PER_CLIENT, KABAR_NEWSLETTER_CONFIRMATIONS_PER_ADDRESS,
KABAR_NEWSLETTER_RATE_WINDOW_SECONDS, KABAR_NEWSLETTER_BATCH_SIZE, KABAR_NEWSLETTER_LEASE_SECONDS,
KABAR_NEWSLETTER_SLICE_SECONDS, KABAR_NEWSLETTER_JOURNAL_DIR and KABAR_NEWSLETTER_UNSUBSCRIBE_MAILTO (mail
goes out through the backend email.py chooses, which also reads the bounce settings).
"""

from __future__ import annotations

import os

from kabar.settings.base import DATA_DIR

# Sign-ups: a confirmation link lives this long, then the unconfirmed sign-up is deleted.
KABAR_NEWSLETTER_CONFIRM_HOURS = int(os.environ.get("KABAR_NEWSLETTER_CONFIRM_HOURS", 48))
# The preferences link in every mail (unsubscribe links never expire).
KABAR_NEWSLETTER_LINK_DAYS = int(os.environ.get("KABAR_NEWSLETTER_LINK_DAYS", 365))
# Per client address, and confirmation mails per address, in each window: one client limits only itself.
KABAR_NEWSLETTER_SIGNUPS_PER_CLIENT = int(os.environ.get("KABAR_NEWSLETTER_SIGNUPS_PER_CLIENT", 10))
KABAR_NEWSLETTER_CONFIRMATIONS_PER_ADDRESS = int(os.environ.get("KABAR_NEWSLETTER_CONFIRMATIONS_PER_ADDRESS", 3))
KABAR_NEWSLETTER_RATE_WINDOW_SECONDS = int(os.environ.get("KABAR_NEWSLETTER_RATE_WINDOW_SECONDS", 3600))

# Sending: addresses claimed per batch, the claim's lease (renewed every third of it), one task's slice.
KABAR_NEWSLETTER_BATCH_SIZE = int(os.environ.get("KABAR_NEWSLETTER_BATCH_SIZE", 200))
KABAR_NEWSLETTER_LEASE_SECONDS = float(os.environ.get("KABAR_NEWSLETTER_LEASE_SECONDS", 60))
KABAR_NEWSLETTER_SLICE_SECONDS = float(os.environ.get("KABAR_NEWSLETTER_SLICE_SECONDS", 30))
# Each worker's journal of messages handed to the server: a worker that takes over a dead one's batch
# reads it, so it must be shared when workers run on several machines.
KABAR_NEWSLETTER_JOURNAL_DIR = os.environ.get("KABAR_NEWSLETTER_JOURNAL_DIR", str(DATA_DIR / "newsletters" / "journal"))
# A mailto: in List-Unsubscribe, only if someone reads that mailbox.
KABAR_NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("KABAR_NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
