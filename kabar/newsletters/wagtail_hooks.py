"""The newsletters app's part in Kabar's hooks (kabar/core/hooks.py) and in Wagtail's admin."""

from __future__ import annotations

from wagtail import hooks  # noqa: F401

from kabar.core import hooks as kabar_hooks  # noqa: F401

# ---- subscribers ----
# Admin viewsets (the one "Newsletters" menu: append yours to subscriber_hooks.newsletter_admin_items),
# slots, /nawala/, the reader's data and the expiry of unconfirmed sign-ups: registered on import.
from kabar.newsletters import subscriber_hooks  # noqa: F401

# ---- editions ----
# "Editions" in the Newsletters menu, each edition's page, the click redirect /n/k/, rights and the clock's jobs.
from kabar.newsletters import edition_hooks  # noqa: F401

# ---- events ----
# "Mail events" in the Newsletters menu, the providers' tracking receiver and the breaking-news e-mail box.
# isort: split
from kabar.newsletters import event_hooks  # noqa: F401
