"""The test database as other processes see it: `kabar` commands and Python processes run against
it (workers, pollers), rows are read back and written from outside the test's connection.

SQLite's test database lives in memory, so it is copied to a file first (committed data only: use
it in transactional tests); PostgreSQL's test database is used as it is.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass
class OutsideDatabase:
    url: str
    sqlite_file: Path | None

    def environment(self, level: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "KABAR_TESTING": "1", "KABAR_LOG_LEVEL": level, **(extra or {})}

    def run_kabar(self, *args: str) -> str:
        """Run a `kabar` command to its end and return what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "kabar", *args],
            env=self.environment("ERROR"),
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return done.stdout

    def kabar(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start a `kabar` command (such as the worker) on this database."""
        return subprocess.Popen(
            [sys.executable, "-m", "kabar", *args],
            env=self.environment("WARNING", env),
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def python(self, code: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start `code` in a new Python process with Django set up on this database."""
        script = f"import django\ndjango.setup()\n{code}\n"
        return subprocess.Popen(
            [sys.executable, "-c", script],
            env=self.environment("WARNING", {"DJANGO_SETTINGS_MODULE": "kabar.settings.testing", **(env or {})}),
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def execute(self, sql: str, params: tuple = ()) -> None:
        if self.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
            return
        with closing(sqlite3.connect(self.sqlite_file)) as db:
            db.execute(sql, params)
            db.commit()

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return [tuple(row) for row in cursor.fetchall()]
        with closing(sqlite3.connect(self.sqlite_file)) as db:
            return db.execute(sql).fetchall()


@pytest.fixture
def outside_database(transactional_db, tmp_path) -> Callable[[], OutsideDatabase]:
    """Call it once the data the other processes need is written."""

    def open_outside() -> OutsideDatabase:
        if connection.vendor == "sqlite":
            copy_path = tmp_path / "kabar.sqlite3"
            connection.ensure_connection()
            with closing(sqlite3.connect(copy_path)) as copy:
                connection.connection.backup(copy)
            return OutsideDatabase(f"sqlite:///{copy_path}", copy_path)
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        return OutsideDatabase(url, None)

    return open_outside
