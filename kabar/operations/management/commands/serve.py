"""`kabar serve`: Kabar behind a production WSGI server (granian), for `make serve` and deployments.

Decision 0003: granian answers cached pages several times faster than gunicorn did, and renders
as fast. `granian_argv` is also what the benchmarks run bench/bare_django.py under.
"""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandParser

from kabar.delivery import admission

# One line per request that reached Kabar: method, path, status, milliseconds.
ACCESS_LOG_FORMAT = '%(addr)s - [%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value not in {"0", "false", "no", "off"}


def granian_argv(app: str, *, host: str, port: int, workers: int, threads: int, access_log: bool = True) -> list[str]:
    """The command line that serves the WSGI callable `app` ("module:name") the way Kabar is served."""
    argv = [
        sys.executable, "-m", "granian", app,
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--log-level", "info",
        # Requests in flight get this long to finish on SIGTERM/SIGINT; then the worker is killed.
        "--workers-kill-timeout", "10",
        # Replaces gunicorn's --max-requests: a worker that grows past this (MiB) is replaced
        # gracefully, and one that dies is started again.
        "--workers-max-rss", os.environ.get("KABAR_WEB_MAX_RSS", "300"),
        "--respawn-failed-workers",
    ]  # fmt: skip
    if access_log:
        argv += ["--access-log", "--access-log-fmt", ACCESS_LOG_FORMAT]
    return argv


class Command(BaseCommand):
    help = "Serve Kabar with granian (a production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("KABAR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("KABAR_WEB_WORKERS", 2)))
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("KABAR_WEB_THREADS", admission.DEFAULT_THREADS))
        )

    def handle(self, *args: object, host: str, port: int, workers: int, threads: int, **options: object) -> None:
        argv = granian_argv(
            "kabar.wsgi:application",
            host=host,
            port=port,
            workers=workers,
            threads=threads,
            access_log=env_flag("KABAR_ACCESS_LOG", True),
        )
        # The workers size their admission gate (kabar/delivery/admission.py) from the threads they have.
        os.environ["KABAR_WEB_THREADS"] = str(threads)
        # And name the site by the address served when KABAR_BASE_URL is unset (kabar/settings/base.py).
        os.environ["KABAR_HOST"] = host
        os.environ["PORT"] = str(port)
        self.stdout.write(f"Kabar serving on http://{host}:{port}/ ({workers} workers x {threads} threads)")
        self.stdout.flush()
        # exec, not a child: systemd and kabar/operations/supervisor.py signal granian's master directly,
        # and it stops its workers gracefully.
        os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter and fixed arguments
