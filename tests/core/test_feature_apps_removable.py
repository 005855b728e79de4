"""Each feature app can be taken out (KABAR_WITHOUT_APPS) and the rest of Kabar still works.

For each app, in a process of its own with the app removed from INSTALLED_APPS, its URLs, middleware
and settings: a fresh SQLite database is migrated, the demo seeded, and home, a section, an article,
search and the admin's dashboard answer 200 (tests/core/removal_probe.py does the work).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_hooks import FEATURE_APPS

ROOT = Path(__file__).resolve().parents[2]


def pages_without(app: str, data_dir: Path) -> dict[str, int]:
    environment = {
        **os.environ,
        "KABAR_WITHOUT_APPS": app,
        "KABAR_DATA_DIR": str(data_dir),
        # Its own SQLite database and local cache, whatever this test run uses.
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "kabar.settings.testing",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.removal_probe"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("app", FEATURE_APPS)
def test_kabar_works_without(app, tmp_path):
    statuses = pages_without(app, tmp_path)
    assert statuses and set(statuses.values()) == {200}, statuses
