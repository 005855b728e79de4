from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _data_dir_in_tmp(settings, tmp_path):
    """Seeding drops the demo's wire files under DATA_DIR: a per-test folder, never var/."""
    settings.DATA_DIR = tmp_path / "data"
