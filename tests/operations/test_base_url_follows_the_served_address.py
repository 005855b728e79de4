"""Without KABAR_BASE_URL, the links Kabar writes (feeds, sitemaps, canonical links, mails) name the
host and port actually served: `make serve PORT=8001` links to 8001."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.caching.servers import free_port, get, wait_until

PROJECT = Path(__file__).resolve().parents[2]
SECRET_KEY = "kabar-base-url-tests-secret-key-" + "x" * 20


def clean_env(tmp_path: Path, **env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KABAR_", "PYTEST_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("PORT", None)
    clean.update({"KABAR_DATA_DIR": str(tmp_path), "KABAR_SECRET_KEY": SECRET_KEY, "PYTHONUNBUFFERED": "1", **env})
    return clean


def settings_with(tmp_path: Path, **env: str) -> dict[str, object]:
    code = (
        "import json, kabar.settings as s\n"
        "print(json.dumps({'base': s.BASE_URL, 'admin': s.WAGTAILADMIN_BASE_URL, 'csrf': s.CSRF_TRUSTED_ORIGINS}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=clean_env(tmp_path, **env), cwd=PROJECT, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8001"}, "http://127.0.0.1:8001"),
        ({"KABAR_HOST": "localhost", "PORT": "9000"}, "http://localhost:9000"),
        ({"KABAR_HOST": "0.0.0.0", "PORT": "8001"}, "http://127.0.0.1:8001"),  # noqa: S104 - a name only
        ({"KABAR_HOST": "::1", "PORT": "8001"}, "http://[::1]:8001"),
        ({"KABAR_BASE_URL": "https://kabar.example/", "PORT": "8001"}, "https://kabar.example"),
    ],
)
def test_the_base_url_defaults_to_the_address_served(tmp_path, env, expected):
    found = settings_with(tmp_path, **env)
    assert found == {"base": expected, "admin": expected, "csrf": [expected]}


def test_production_still_refuses_the_served_address_as_its_base_url(tmp_path):
    code = "import kabar.settings"
    env = clean_env(tmp_path, KABAR_ENV="production", KABAR_ALLOWED_HOSTS="kabar.example", PORT="8001")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "KABAR_BASE_URL must start with https://" in done.stderr


def test_make_serve_on_another_port_links_to_that_port(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # What `make serve PORT=...` runs: the web server and the worker, side by side.
    process = subprocess.Popen(
        [sys.executable, "-m", "kabar.operations.supervisor", "--port", str(port), "--workers", "1"],
        env=clean_env(tmp_path, KABAR_LOG_LEVEL="WARNING"),
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: get(f"{url}/robots.txt")[0] == 200)
        status, _headers, body = get(f"{url}/robots.txt")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert status == 200
    assert f"Sitemap: {url}/sitemap.xml" in body.decode()
