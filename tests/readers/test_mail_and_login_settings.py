"""Mail and social-login settings come from the environment (README, "Configuration").

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
READ = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_FILE_PATH",
    "SOCIALACCOUNT_PROVIDERS",
    "ACCOUNT_EMAIL_VERIFICATION",
]


def settings_with(tmp_path: Path, **env: str) -> dict | str:
    """The settings as a server with `env` would have them, or the error it would stop with."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KABAR_EMAIL", "KABAR_GOOGLE", "KABAR_FACEBOOK"))}
    clean.update({"KABAR_DATA_DIR": str(tmp_path), "KABAR_TESTING": "", **env})
    clean.pop("DATABASE_URL", None)
    code = (
        "import json\n"
        "try:\n"
        "    import kabar.settings as s\n"
        "except Exception as error:\n"
        "    print(json.dumps(f'{type(error).__name__}: {error}'))\n"
        "else:\n"
        f"    print(json.dumps({{k: getattr(s, k) for k in {READ!r}}}, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_mail_is_printed_on_the_console_by_default(tmp_path):
    found = settings_with(tmp_path)
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"


def test_an_smtp_host_sends_mail_through_it_with_starttls(tmp_path):
    found = settings_with(
        tmp_path,
        KABAR_EMAIL_HOST="smtp.example.com",
        KABAR_EMAIL_HOST_USER="kabar",
        KABAR_EMAIL_HOST_PASSWORD="rahasia",
    )
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("smtp.example.com", 587)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("kabar", "rahasia")
    assert (found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (True, False)


def test_implicit_tls_turns_starttls_off(tmp_path):
    found = settings_with(
        tmp_path, KABAR_EMAIL_HOST="smtp.example.com", KABAR_EMAIL_PORT="465", KABAR_EMAIL_USE_SSL="1"
    )
    assert (found["EMAIL_PORT"], found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (465, False, True)


def test_the_file_backend_writes_under_the_data_folder(tmp_path):
    found = settings_with(tmp_path, KABAR_EMAIL_BACKEND="file")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["EMAIL_FILE_PATH"] == str(tmp_path / "mail")


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"KABAR_EMAIL_BACKEND": "smtp"}, "needs KABAR_EMAIL_HOST"),
        ({"KABAR_EMAIL_HOST": "smtp.example.com", "KABAR_EMAIL_USE_TLS": "1", "KABAR_EMAIL_USE_SSL": "1"}, "both"),
        ({"KABAR_GOOGLE_CLIENT_ID": "id-tanpa-rahasia"}, "KABAR_GOOGLE_CLIENT_SECRET"),
        ({"KABAR_FACEBOOK_CLIENT_SECRET": "rahasia-tanpa-id"}, "KABAR_FACEBOOK_CLIENT_ID"),
    ],
)
def test_half_a_configuration_stops_the_server_with_a_clear_error(tmp_path, env, error):
    found = settings_with(tmp_path, **env)
    assert isinstance(found, str) and found.startswith("ImproperlyConfigured") and error in found


def test_social_logins_are_off_until_a_client_is_given(tmp_path):
    off = settings_with(tmp_path)
    assert off["SOCIALACCOUNT_PROVIDERS"]["google"]["APPS"] == []
    assert off["SOCIALACCOUNT_PROVIDERS"]["facebook"]["APPS"] == []
    on = settings_with(
        tmp_path, KABAR_GOOGLE_CLIENT_ID="abc.apps.googleusercontent.com", KABAR_GOOGLE_CLIENT_SECRET="s"
    )
    assert on["SOCIALACCOUNT_PROVIDERS"]["google"]["APPS"] == [
        {"client_id": "abc.apps.googleusercontent.com", "secret": "s", "key": ""}
    ]
    assert on["SOCIALACCOUNT_PROVIDERS"]["facebook"]["APPS"] == []
