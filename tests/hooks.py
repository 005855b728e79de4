"""Replace the functions of one of Kabar's hooks (kabar/core/hooks.py) for the length of a test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from wagtail import hooks


def only(monkeypatch: pytest.MonkeyPatch, name: str, *functions: Callable[..., Any]) -> None:
    """Hook `name` has exactly `functions` until the test ends (the apps' own are put back after)."""
    hooks.search_for_hooks()
    # Wagtail keeps (function, order) pairs per name and offers no public way to replace them.
    monkeypatch.setitem(hooks._hooks, name, [(function, 0) for function in functions])
