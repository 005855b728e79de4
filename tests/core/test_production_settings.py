"""What a server started with KABAR_ENV=production refuses to start with (README, "Configuration").

Each case imports kabar.settings in a fresh Python with its own environment, as a server starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "KABAR_ENV": "production",
    "KABAR_SECRET_KEY": "k" * 50,
    "KABAR_ALLOWED_HOSTS": "kabar.example",
}


def start_settings(tmp_path: Path, **env: str) -> str:
    """'ok' when the settings load with `env`, else the error a server would stop with."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KABAR_")}
    clean.update({"KABAR_DATA_DIR": str(tmp_path), **env})
    clean.pop("DATABASE_URL", None)
    code = (
        "import json\n"
        "try:\n"
        "    import kabar.settings\n"
        "except Exception as error:\n"
        "    print(json.dumps(f'{type(error).__name__}: {error}'))\n"
        "else:\n"
        "    print(json.dumps('ok'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_refuses_a_plain_http_base_url(tmp_path):
    found = start_settings(tmp_path, **PRODUCTION, KABAR_BASE_URL="http://kabar.example")
    assert found.startswith("ImproperlyConfigured") and "https://" in found


@pytest.mark.parametrize(
    "env",
    [
        {"KABAR_BASE_URL": "https://kabar.example"},
        {"KABAR_BASE_URL": "http://10.0.0.5:8000", "KABAR_ALLOW_HTTP_BASE_URL": "1"},
    ],
)
def test_production_starts_with_https_or_an_explicitly_private_http_site(tmp_path, env):
    assert start_settings(tmp_path, **PRODUCTION, **env) == "ok"


def test_development_keeps_its_http_default(tmp_path):
    assert start_settings(tmp_path) == "ok"
