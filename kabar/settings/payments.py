"""Kabar+ (membership) and ads: the payment gateways, members' grace and cookie, and how often ad
counts are written; see docs/architecture.md.

README.md ("Configuration") variables read here: KABAR_PAYMENT_GATEWAY, KABAR_PAYMENT_TIMEOUT,
KABAR_MIDTRANS_SERVER_KEY, KABAR_MIDTRANS_CLIENT_KEY, KABAR_MIDTRANS_PRODUCTION,
KABAR_MIDTRANS_SNAP_URL, KABAR_MIDTRANS_API_URL, KABAR_XENDIT_SECRET_KEY,
KABAR_XENDIT_CALLBACK_TOKEN, KABAR_XENDIT_API_URL, KABAR_SANDBOX_SERVER_KEY, KABAR_PLUS_GRACE_DAYS,
KABAR_PLUS_COOKIE_MAX_AGE and KABAR_AD_FLUSH_SECONDS (KABAR_ENV, read in base.py, and
KABAR_PAGEVIEW_FLUSH_SECONDS, read in worker.py, give defaults).
"""

from __future__ import annotations

import os

from kabar.settings.base import PRODUCTION, env_bool
from kabar.settings.worker import KABAR_PAGEVIEW_FLUSH_SECONDS

# Kabar+ (membership) and ads; see README.md ("Configuration") and docs/architecture.md.
# The gateway new checkouts use: sandbox (the default outside production), midtrans or xendit.
KABAR_PAYMENT_GATEWAY = os.environ.get("KABAR_PAYMENT_GATEWAY", "" if PRODUCTION else "sandbox").strip().lower()
KABAR_PAYMENT_TIMEOUT = float(os.environ.get("KABAR_PAYMENT_TIMEOUT", 10))
# Refused (unverified) payment notifications: how many one client address may have logged a minute
# (more are answered 429 and not stored), and how many of the newest are kept in all.
KABAR_PAYMENT_REFUSALS_PER_MINUTE = int(os.environ.get("KABAR_PAYMENT_REFUSALS_PER_MINUTE", 20))
KABAR_PAYMENT_REFUSALS_KEPT = int(os.environ.get("KABAR_PAYMENT_REFUSALS_KEPT", 1000))
KABAR_MIDTRANS_SERVER_KEY = os.environ.get("KABAR_MIDTRANS_SERVER_KEY", "")
KABAR_MIDTRANS_CLIENT_KEY = os.environ.get("KABAR_MIDTRANS_CLIENT_KEY", "")
KABAR_MIDTRANS_PRODUCTION = env_bool("KABAR_MIDTRANS_PRODUCTION", False)
KABAR_MIDTRANS_SNAP_URL = os.environ.get(
    "KABAR_MIDTRANS_SNAP_URL",
    "https://app.midtrans.com" if KABAR_MIDTRANS_PRODUCTION else "https://app.sandbox.midtrans.com",
)
KABAR_MIDTRANS_API_URL = os.environ.get(
    "KABAR_MIDTRANS_API_URL",
    "https://api.midtrans.com" if KABAR_MIDTRANS_PRODUCTION else "https://api.sandbox.midtrans.com",
)
KABAR_XENDIT_SECRET_KEY = os.environ.get("KABAR_XENDIT_SECRET_KEY", "")
KABAR_XENDIT_CALLBACK_TOKEN = os.environ.get("KABAR_XENDIT_CALLBACK_TOKEN", "")
KABAR_XENDIT_API_URL = os.environ.get("KABAR_XENDIT_API_URL", "https://api.xendit.co")
KABAR_SANDBOX_SERVER_KEY = os.environ.get("KABAR_SANDBOX_SERVER_KEY", "")
KABAR_PLUS_GRACE_DAYS = int(os.environ.get("KABAR_PLUS_GRACE_DAYS", 3))
KABAR_PLUS_COOKIE_MAX_AGE = int(os.environ.get("KABAR_PLUS_COOKIE_MAX_AGE", 7 * 24 * 3600))
KABAR_AD_FLUSH_SECONDS = int(os.environ.get("KABAR_AD_FLUSH_SECONDS", KABAR_PAGEVIEW_FLUSH_SECONDS))
