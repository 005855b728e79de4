"""The worker's clock: periodic jobs without cron, each run by one worker at a time.

Every job an app declares through the ``kabar_periodic_jobs`` hook (kabar/core/hooks.py) runs on
its interval under a database lease, so two workers on two machines never run scheduled publishing at the same moment.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.db import close_old_connections
from django.utils.module_loading import import_string

from kabar.operations.leases import acquire_lease, release_lease

logger = logging.getLogger(__name__)


def run_job_once(dotted_path: str, interval: float) -> bool:
    """Run one periodic job if this process wins its lease; True when it ran."""
    lease_name = f"clock:{dotted_path}"
    # The lease outlives a slow run a little, so a second worker cannot start the same job mid-run.
    if not acquire_lease(lease_name, dt.timedelta(seconds=max(interval * 2, 30))):
        return False
    try:
        import_string(dotted_path)()
    except Exception:
        logger.exception("periodic job %s failed", dotted_path)
    finally:
        release_lease(lease_name)
    return True


class Clock(threading.Thread):
    def __init__(self, jobs: list[tuple[str, float]]) -> None:
        super().__init__(name="kabar-clock", daemon=True)
        self.jobs = jobs
        self.stopping = threading.Event()

    def run(self) -> None:
        next_run = {path: 0.0 for path, _ in self.jobs}
        while not self.stopping.is_set():
            now = time.monotonic()
            for path, interval in self.jobs:
                if now >= next_run[path]:
                    close_old_connections()
                    try:
                        run_job_once(path, interval)
                    except Exception:
                        # Taking the lease failed (the database is down): try again next interval,
                        # rather than let the clock thread die and scheduled publishing stop for good.
                        logger.exception("periodic job %s could not run", path)
                    next_run[path] = now + interval
            close_old_connections()
            self.stopping.wait(1.0)

    def stop(self) -> None:
        self.stopping.set()


def configured_jobs() -> list[tuple[str, float]]:
    from kabar.core import hooks

    return [(job.path, float(job.seconds)) for job in hooks.periodic_jobs()]
