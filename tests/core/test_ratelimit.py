"""Rate limits count per key inside a window that opens at the first action."""

from __future__ import annotations

import time

import pytest

from kabar.core import ratelimit

# Without Redis the counters are in the database, shared by every web process.
pytestmark = pytest.mark.django_db


def test_actions_beyond_the_limit_are_refused_per_key():
    assert [ratelimit.allow("test:a", 2) for _ in range(3)] == [True, True, False]
    assert ratelimit.allow("test:b", 2) is True


def test_the_window_closes_after_its_seconds_and_counting_starts_again():
    assert [ratelimit.allow("test:c", 1, window=1) for _ in range(2)] == [True, False]
    # The database keeps whole seconds and rounds a window up, so it may last up to a second longer.
    time.sleep(2.2)
    assert ratelimit.allow("test:c", 1, window=1) is True
