"""The newsletters app's part in Kabar's hooks (kabar/core/hooks.py) and in Wagtail's admin, one module per
part, each registering on import:

- subscriber_hooks: the one "Newsletters" menu (lists, subscribers, suppressed addresses), the slots,
  /nawala/, the reader's data and the expiry of unconfirmed sign-ups;
- edition_hooks: "Editions", each edition's page, the click redirect /n/k/, rights and the clock's jobs;
- event_hooks: "Mail events", the providers' tracking receiver and the breaking-news e-mail box.
"""

from __future__ import annotations

from kabar.newsletters import edition_hooks, event_hooks, subscriber_hooks  # noqa: F401 - registered on import
