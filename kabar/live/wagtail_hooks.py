"""The live desk's part in Kabar's hooks (kabar/core/hooks.py) and in Wagtail's admin."""

from __future__ import annotations

from wagtail import hooks

from kabar.core import hooks as kabar_hooks
from kabar.live import desk, reader_page

# ---- the desk ----
# The composer, its menu, buttons, rights, audit labels, the scheduled close and the wire's
# "Add to live coverage": kabar/live/desk.py.

hooks.register("register_admin_urls", desk.admin_urls)
hooks.register("register_admin_menu_item", desk.menu_item)
hooks.register("register_page_header_buttons", desk.header_buttons)
hooks.register("register_permissions", desk.register_permissions)
hooks.register("register_log_actions", desk.register_log_actions)
hooks.register(kabar_hooks.ROLE_RIGHTS, desk.role_rights)
hooks.register(kabar_hooks.PERIODIC_JOBS, desk.periodic_jobs)
hooks.register(kabar_hooks.WIRE_DESTINATIONS, desk.wire_destinations)

# ---- the reader's page ----
# The report's page, poll JSON, feed and live.js: kabar/live/reader_page.py.
hooks.register(kabar_hooks.PUBLIC_URLS, reader_page.public_urls)
hooks.register(kabar_hooks.SLOT_FILLERS, reader_page.slot_fillers)
