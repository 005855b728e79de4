"""`kabar worker`: runs background tasks (django-tasks) and the periodic clock in one process."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser
from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from kabar.operations.clock import Clock, configured_jobs

logger = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 2


class GracefulWorker(Worker):
    """django-tasks' database worker, stopped between polls rather than from inside one.

    Its own handler calls sys.exit() at once when no task is running, which can land in the
    middle of the claim transaction's COMMIT and end the process with a traceback and status 1
    (a deploy's SIGTERM, seen on PostgreSQL). Here the first signal only ends the loop, within one
    poll interval or after the running task; a second one still stops the process at once.
    """

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            super().shutdown(signum, frame)
            return
        logger.warning("worker: %s received; stopping after this poll", signal.strsignal(signum))
        self.running = False


class Command(BaseCommand):
    help = "Run Kabar's background worker: queued tasks plus scheduled publishing and other periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        # Short: a purge of the caches in front waits for the next poll, and a correction must show
        # within a second. An idle poll is one small query.
        parser.add_argument(
            "--interval",
            type=float,
            default=float(os.environ.get("KABAR_WORKER_INTERVAL", 0.2)),
            help="Seconds between queue polls.",
        )
        parser.add_argument("--no-clock", action="store_true", help="Run tasks only, no periodic jobs.")

    def handle(self, *args: object, interval: float, no_clock: bool, **options: object) -> None:
        clock = None
        if not no_clock:
            clock = Clock(configured_jobs())
            clock.start()
        worker = GracefulWorker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write("Kabar worker running (tasks and clock). Ctrl-C to stop.")
        try:
            while True:
                try:
                    worker.run()
                    break
                except (OperationalError, InterfaceError) as error:
                    # The database is down: wait for it instead of exiting (the supervisor would
                    # stop the web server too); the loop picks up where it was when it returns.
                    logger.warning(
                        "worker: database unavailable (%s); trying again in %d s", error, DATABASE_RETRY_SECONDS
                    )
                    close_old_connections()
                    time.sleep(DATABASE_RETRY_SECONDS)
        finally:
            if clock:
                clock.stop()
