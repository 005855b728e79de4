"""The `kabar` command: Kabar's own commands and every Django management command."""

from __future__ import annotations

import os
import sys


def settings_module() -> str:
    """kabar.settings, or the tests' kabar.settings.testing when KABAR_TESTING is on: the `kabar`
    commands, workers and servers tests start (and `make lint`'s migrations check) run with it."""
    testing = os.environ.get("KABAR_TESTING", "").strip().lower() in {"1", "true", "yes", "on"}
    return "kabar.settings.testing" if testing else "kabar.settings"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kabar", *(sys.argv[1:] if argv is None else argv)])
