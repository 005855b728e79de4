"""The settings the tests run with: Kabar's own (kabar/settings/__init__.py) and what tests change.

pytest uses them (DJANGO_SETTINGS_MODULE in pyproject.toml, inherited by the processes tests start
with the test environment); `kabar` commands and kabar/wsgi.py choose them when KABAR_TESTING is on
(kabar/cli.py). Nothing here is read in production.

Variables read here: REDIS_URL (through the production settings; one database per test process),
PYTEST_XDIST_WORKER (set by pytest-xdist) and KABAR_TASKS_IMMEDIATE (on unless set off).
"""

from __future__ import annotations

import os
import re

from kabar.settings import *  # noqa: F403
from kabar.settings import CACHES, REDIS_URL, STORAGES, TASKS
from kabar.settings.base import env_bool

TESTING = True

if REDIS_URL:
    # Each pytest-xdist process gets a Redis database of its own: cache.clear() is FLUSHDB.
    worker_number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    REDIS_URL = re.sub(r"(/\d*)?$", f"/{worker_number + 1}", REDIS_URL.rstrip("/"), count=1)
    # The rate-limit counters (the "ratelimit" alias) are in the same Redis database, cleared with it.
    CACHES = {
        alias: {**cache, "LOCATION": REDIS_URL} if cache["BACKEND"].endswith(".RedisCache") else cache
        for alias, cache in CACHES.items()
    }

# Tests run tasks (such as search-index updates) inline, as there is no worker beside them.
if env_bool("KABAR_TASKS_IMMEDIATE", True):
    TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests serve static files from the apps (no collectstatic), so there is no manifest of hashed names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Without Redis the pages are in an SQLite file of their own; each test process gets a temporary one.
KABAR_PAGE_CACHE_PATH = None
