"""`make serve`: the web server and the worker side by side; Ctrl-C stops both cleanly."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description="Run Kabar's web server and worker together.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("KABAR_WEB_WORKERS", 2)))
    args = parser.parse_args()

    kabar = [sys.executable, "-m", "kabar"]
    # Both name the site by the address served when KABAR_BASE_URL is unset (kabar/settings/base.py):
    # the worker's mails and alerts link to the same port as the pages.
    env = {**os.environ, "KABAR_HOST": args.host, "PORT": str(args.port)}
    children = [
        # A process group of its own: granian's master and its workers, killed together if need be
        # (a worker outlives a killed master, still holding the port).
        subprocess.Popen(
            [*kabar, "serve", "--host", args.host, "--port", str(args.port), "--workers", str(args.workers)],
            process_group=0,
            env=env,
        ),
        subprocess.Popen([*kabar, "worker"], env=env),
    ]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # If either child dies, stop the other: a site without its worker silently misses scheduled publishing.
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop(signal.SIGTERM, None)
    # granian gives requests in flight 10 s (--workers-kill-timeout), then kills its workers.
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            if child is children[0]:
                os.killpg(child.pid, signal.SIGKILL)
            else:
                child.kill()
            child.wait()
    print("Kabar stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
