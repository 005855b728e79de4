from __future__ import annotations

import os

import pytest

os.environ.setdefault("KABAR_TESTING", "1")

# `outside_database`: the test database as worker and poller processes see it (wire, alerts).
pytest_plugins = ["tests.outside_database"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded images go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """An empty cache, and no page cached by an earlier test (kept in memory when there is no Redis)."""
    from django.core.cache import cache

    from kabar.delivery.pagecache.stores import get_store

    cache.clear()
    get_store().clear()
    yield
    cache.clear()
    get_store().clear()
