"""`kabar serve`: Kabar behind a production WSGI server (gunicorn), for `make serve` and deployments."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Kabar with gunicorn (a production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("KABAR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("KABAR_WEB_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("KABAR_WEB_THREADS", 4)))

    def handle(self, *args: object, host: str, port: int, workers: int, threads: int, **options: object) -> None:
        argv = [
            sys.executable, "-m", "gunicorn", "kabar.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--worker-class", "gthread",
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            "--timeout", "60",
            "--max-requests", "20000",
            "--max-requests-jitter", "2000",
            "--forwarded-allow-ips", os.environ.get("KABAR_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        self.stdout.write(f"Kabar serving on http://{host}:{port}/ ({workers} workers x {threads} threads)")
        os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter and fixed arguments
