"""The newsletters app's part in Kabar's hooks (kabar/core/hooks.py) and in Wagtail's admin."""

from __future__ import annotations

from wagtail import hooks  # noqa: F401

from kabar.core import hooks as kabar_hooks  # noqa: F401

# ---- subscribers ----

# ---- editions ----

# ---- events ----
