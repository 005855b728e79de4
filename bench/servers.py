"""The processes a benchmark measures, each on a free loopback port, started and stopped by the bench.

- `KabarServer`: `kabar serve` (granian, as shipped), its output (access log, Kabar's log) in a file of its own;
- `KabarWorker`: `kabar worker`, which sends purges to the caches in front;
- `Varnish`: Debian's varnishd with deploy/varnish/kabar.vcl, as tests/caching/test_varnish.py runs it;
- `Nginx`: Debian's nginx serving a directory of static files, the ceiling for a cached page;
- `BareDjango`: bench/bare_django.py under the same granian arguments as `kabar serve`.

Nothing here daemonizes: every process is a child of the bench, and `stop()` ends it by its pid.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KABAR = [sys.executable, "-m", "kabar"]
VCL = ROOT / "deploy" / "varnish" / "kabar.vcl"
STARTUP_SECONDS = 90
# The access-log line of a GET (kabar/operations/management/commands/serve.py ACCESS_LOG_FORMAT), and
# the line Kabar's page cache logs for each render it lets through (kabar/delivery/pagecache/serving.py).
REQUEST_LINE = '"GET {path} HTTP/'
RENDER_LINE = "kabar.delivery.pagecache.serving: rendered {path} "


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    """A GET (or the method in headers["method"]) answered even when it is an error status."""
    headers = dict(headers or {})
    method = headers.pop("method", "GET")
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310 - loopback URLs only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def wait_until_up(url: str, process: subprocess.Popen | None = None, timeout: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process serving {url} exited with {process.returncode}")
        try:
            if get(url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered 200 at {url} within {timeout:.0f} s")


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children_of(pid: int) -> list[int]:
    """The pids whose parent is `pid` (granian's workers under its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the ppid is the second field after it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else None


@dataclass
class GranianApp:
    """A granian master started by the bench; its output (access log included) is the file `log`."""

    env: dict[str, str]
    workdir: Path
    name: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, health_path: str = "/healthz") -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # INFO: Kabar's page cache logs each render at that level.
        env = {**self.env, "KABAR_LOG_LEVEL": "INFO"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        wait_until_up(self.url + health_path, self.process)

    def workers(self) -> list[int]:
        return children_of(self.process.pid) if self.process else []

    def renders(self, path: str) -> tuple[int, int]:
        """(requests, renders) for `path` so far: a render is an answer Kabar's page cache did not give."""
        request, render = REQUEST_LINE.format(path=path), RENDER_LINE.format(path=path)
        lines = self.log.read_text(errors="replace").splitlines()
        return sum(1 for line in lines if request in line), sum(1 for line in lines if render in line)

    def settled_renders(self, path: str, quiet: float = 0.5, timeout: float = 15) -> tuple[int, int]:
        """renders() once the log stops growing: granian writes a line after answering."""
        deadline = time.monotonic() + timeout
        counted = self.renders(path)
        while time.monotonic() < deadline:
            time.sleep(quiet)
            again = self.renders(path)
            if again == counted:
                break
            counted = again
        return counted

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


class KabarServer(GranianApp):
    """`kabar serve` exactly as shipped (2 workers, its default threads and admission gate, unless told otherwise)."""

    workers_count = 2

    def command(self) -> list[str]:
        return [*KABAR, "serve", "--port", str(self.port), "--workers", str(self.workers_count)]


class BareDjango(GranianApp):
    """bench/bare_django.py with the granian arguments `kabar serve` uses."""

    pages_manifest: Path | None = None

    def command(self) -> list[str]:
        from kabar.delivery.admission import DEFAULT_THREADS
        from kabar.operations.management.commands.serve import granian_argv

        # What `kabar serve --port PORT --workers 2` runs, with the application swapped.
        threads = int(self.env.get("KABAR_WEB_THREADS", DEFAULT_THREADS))
        return granian_argv(
            "bench.bare_django:application", host="127.0.0.1", port=self.port, workers=2, threads=threads
        )

    def start(self, health_path: str = "/healthz") -> None:
        if self.pages_manifest is None:
            raise RuntimeError("BareDjango needs pages_manifest")
        self.env = {**self.env, "BENCH_BARE_PAGES": str(self.pages_manifest)}
        super().start(health_path)


@dataclass
class KabarWorker:
    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # No clock: its periodic jobs (wire polling, scheduled publishing) would write and purge mid-measurement.
        command = [*KABAR, "worker", "--no-clock"]
        with (self.workdir / "worker.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


@dataclass
class Varnish:
    """varnishd -F with the shipped kabar.vcl; kabar-site.vcl written for this loopback backend."""

    workdir: Path
    backend_port: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state(self) -> Path:
        return self.workdir / "state"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "kabar-site.vcl").write_text(
            f"""backend kabar {{
    .host = "127.0.0.1";
    .port = "{self.backend_port}";
    .host_header = "127.0.0.1";
    .probe = {{ .url = "/healthz"; .interval = 0.5s; .timeout = 1s; .window = 2; .threshold = 1; }}
}}
acl kabar_purgers {{
    "127.0.0.1";
}}
"""
        )
        command = [
            shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-j", "none",
            "-n", str(self.state),
            "-a", f"127.0.0.1:{self.port}",
            "-T", "none",
            "-f", str(VCL),
            "-p", f"vcl_path={self.workdir}:/usr/share/varnish/vcl:/etc/varnish",
            "-s", "malloc,256m",
        ]  # fmt: skip
        with (self.workdir / "varnishd.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_until_up(self.url + "/healthz", self.process)

    def backend_requests(self) -> int | None:
        """MAIN.backend_req from varnishstat (None when varnishstat cannot read it)."""
        varnishstat = shutil.which("varnishstat") or "/usr/bin/varnishstat"
        done = subprocess.run(
            [varnishstat, "-n", str(self.state), "-1", "-j", "-f", "MAIN.backend_req"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        data = json.loads(done.stdout)
        counters = data.get("counters", data)
        value = counters.get("MAIN.backend_req", {}).get("value")
        return int(value) if value is not None else None

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


@dataclass
class Nginx:
    """nginx serving `root` with 2 worker processes, no access log, sendfile and keep-alive."""

    workdir: Path
    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, probe_path: str = "/") -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # nginx's workers run as an unprivileged user when started as root: they must be able to read.
        for path in (self.workdir, self.root, *self.root.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            f"""worker_processes 2;
daemon off;
pid {self.workdir / "nginx.pid"};
error_log {self.workdir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    # index.html.gz beside index.html: the same gzipped bytes Varnish sends, for clients asking for gzip.
    gzip_static on;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    default_type text/html;
    client_body_temp_path {self.workdir / "body"};
    proxy_temp_path {self.workdir / "proxy"};
    fastcgi_temp_path {self.workdir / "fastcgi"};
    uwsgi_temp_path {self.workdir / "uwsgi"};
    scgi_temp_path {self.workdir / "scgi"};
    server {{
        listen 127.0.0.1:{self.port};
        root {self.root};
        index index.html;
    }}
}}
"""
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-p", str(self.workdir), "-e", str(self.workdir / "error.log"), "-c", str(conf)]
        with (self.workdir / "nginx.out").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_until_up(self.url + probe_path, self.process, timeout=20)

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
