"""`kabar worker`: runs background tasks (django-tasks) and the periodic clock in one process."""

from __future__ import annotations

import logging
import os
import socket

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from kabar.core.clock import Clock, configured_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run Kabar's background worker: queued tasks plus scheduled publishing and other periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between queue polls.")
        parser.add_argument("--no-clock", action="store_true", help="Run tasks only, no periodic jobs.")

    def handle(self, *args: object, interval: float, no_clock: bool, **options: object) -> None:
        clock = None
        if not no_clock:
            clock = Clock(configured_jobs())
            clock.start()
        worker = Worker(
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
            worker.run()
        finally:
            if clock:
                clock.stop()
