"""Alerts' test helpers: the loopback push service, browsers that subscribe through the real view,
and the test database as other processes (workers) see it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from kabar.alerts import services
from tests.alerts.push_service import FakeBrowser, PushService

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def push_service(db, settings) -> Iterator[PushService]:
    """The stand-in push service, admitted by KABAR_PUSH_ENDPOINT_ALLOW as a local push service would be."""
    service = PushService(vapid_public_key=services.vapid_public_key()).start()
    settings.KABAR_PUSH_ENDPOINT_ALLOW = [f"{service.url}/wpush/"]
    # Every test browser posts from 127.0.0.1; the per-address limit has a test of its own.
    settings.KABAR_PUSH_SUBSCRIBE_RATE = 10_000
    yield service
    service.stop()
    assert service.problems == [], service.problems


@pytest.fixture
def subscribe(client: Client, push_service: PushService) -> Callable[..., FakeBrowser]:
    """`subscribe(["breaking"])`: a new browser posts its PushSubscription.toJSON() to /push/subscribe/."""

    def make(topics: list[str], http: Client | None = None) -> FakeBrowser:
        browser = FakeBrowser(push_service)
        response = (http or client).post(
            "/push/subscribe/",
            json.dumps({"subscription": browser.subscription(), "topics": topics}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return browser

    return make


@dataclass
class OutsideDatabase:
    """The test database as another process sees it. SQLite's test database is in memory, so it is
    copied to a file (committed data only: use in transactional tests); PostgreSQL's is shared."""

    url: str
    sqlite_file: Path | None

    def python(self, code: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start `code` in a new Python process with Django set up on this database."""
        full_env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "KABAR_TESTING": "1",
            "KABAR_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "kabar.settings",
            **(env or {}),
        }
        script = f"import django\ndjango.setup()\n{code}\n"
        return subprocess.Popen(
            [sys.executable, "-c", script],
            env=full_env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def kabar(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start a `kabar` command (such as the worker) on this database."""
        return subprocess.Popen(
            [sys.executable, "-m", "kabar", *args],
            env={
                **os.environ,
                "DATABASE_URL": self.url,
                "KABAR_TESTING": "1",
                "KABAR_LOG_LEVEL": "WARNING",
                **(env or {}),
            },
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
