"""The mail provider is chosen by the environment: KABAR_EMAIL_BACKEND by anymail's short names, every
KABAR_ANYMAIL_* variable as anymail's setting, and the backends Kabar had before unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def mail_settings(tmp_path: Path, **environment: str) -> dict:
    """kabar.settings as a fresh process reads them from `environment` (nothing else of ours)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KABAR_", "DJANGO_", "PYTEST_"))}
    env.update(KABAR_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kabar.settings", **environment)
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'backend': s.EMAIL_BACKEND, 'anymail': getattr(s, 'ANYMAIL', None), "
        "'soft': s.KABAR_NEWSLETTER_SOFT_BOUNCES}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    ("named", "backend"),
    [
        ("mailgun", "anymail.backends.mailgun.EmailBackend"),
        ("amazon_ses", "anymail.backends.amazon_ses.EmailBackend"),
        ("anymail.backends.postmark.EmailBackend", "anymail.backends.postmark.EmailBackend"),
        ("file", "django.core.mail.backends.filebased.EmailBackend"),
        ("console", "django.core.mail.backends.console.EmailBackend"),
    ],
)
def test_the_mail_backend_is_named_by_the_environment(tmp_path, named, backend):
    assert mail_settings(tmp_path, KABAR_EMAIL_BACKEND=named)["backend"] == backend


def test_anymail_settings_come_from_kabar_anymail_variables(tmp_path):
    found = mail_settings(
        tmp_path,
        KABAR_EMAIL_BACKEND="mailgun",
        KABAR_ANYMAIL_MAILGUN_API_KEY="key-123",
        KABAR_ANYMAIL_MAILGUN_SENDER_DOMAIN="mg.kabar.example",
        KABAR_ANYMAIL_WEBHOOK_SECRET="kabar:lama, kabar:baru",
        KABAR_NEWSLETTER_SOFT_BOUNCES="5",
    )

    assert found["anymail"] == {
        "MAILGUN_API_KEY": "key-123",
        "MAILGUN_SENDER_DOMAIN": "mg.kabar.example",
        "WEBHOOK_SECRET": ["kabar:lama", "kabar:baru"],
    }
    assert found["soft"] == 5


def test_without_any_setting_mail_still_goes_to_the_console(tmp_path):
    found = mail_settings(tmp_path)

    assert found["backend"] == "django.core.mail.backends.console.EmailBackend"
    assert found["anymail"] == {}
