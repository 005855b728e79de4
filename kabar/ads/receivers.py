"""Signal receivers, connected in apps.py."""

from __future__ import annotations

from typing import Any

from kabar.ads import services


def ads_changed(sender: Any, **kwargs: Any) -> None:
    if str(kwargs.get("action", "")).startswith("pre_"):
        return  # m2m_changed: the post_ signal of the same change follows
    services.ads_changed()


def creative_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.file_creative_images([instance])


def set_up_ads(sender: Any, **kwargs: Any) -> None:
    """After every migrate (and flush): the placements exist."""
    services.ensure_placements()
