"""The worker (`kabar worker`) and what runs beside requests: the task queue, the clock's periodic
jobs, and how often app processes write their batched page-view counts.

README.md ("Configuration") variables read here: KABAR_TASKS_IMMEDIATE, KABAR_SCHEDULER_INTERVAL and
KABAR_PAGEVIEW_FLUSH_SECONDS. (KABAR_WORKER_INTERVAL is read by the worker command itself.)
"""

from __future__ import annotations

import os

from kabar.settings.base import env_bool

# Tasks (such as search-index updates) go through the database queue that `kabar worker` reads.
# KABAR_TASKS_IMMEDIATE runs them in the request instead, for debugging; the tests' settings
# (testing.py) run them that way by default.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("KABAR_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# How often the worker's clock runs scheduled publishing and flushes page-view counts (seconds).
KABAR_SCHEDULER_INTERVAL = int(os.environ.get("KABAR_SCHEDULER_INTERVAL", 60))
KABAR_PAGEVIEW_FLUSH_SECONDS = int(os.environ.get("KABAR_PAGEVIEW_FLUSH_SECONDS", 10))
