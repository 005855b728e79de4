"""Real processes on loopback for the end-to-end caching tests: `kabar serve`, `kabar worker`, varnishd.

Each site runs on its own copy of a data directory seeded once per test session (migrated,
static files collected, a few articles), with an SQLite file database in `<data dir>/db/`, so a
test can take that directory away to make the database really unavailable. When REDIS_URL is
set, the processes share the page cache through Redis under a key prefix of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KABAR = [sys.executable, "-m", "kabar"]
VCL = ROOT / "deploy" / "varnish" / "kabar.vcl"
SECRET_KEY = "kabar-caching-tests-secret-key-" + "x" * 20
STARTUP_SECONDS = 60

SEED = """
import json
from kabar.articles.models import ArticlePage
from tests import factories

writer = factories.person("Rina Wijaya")
topic = factories.topic("Gempa Sumatra Barat")
articles = [
    factories.article(f"Berita {n}", writers=[writer], tags=["gempa"], topic=topic, is_editors_pick=n == 0)
    for n in range(4)
]
print("SEEDED " + json.dumps([{"id": a.pk, "path": a.dated_path(), "title": a.title} for a in articles]))
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like Kabar: no test settings, tasks through the database queue."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KABAR_", "PYTEST_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        KABAR_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'db' / 'kabar.sqlite3'}",
        KABAR_SECRET_KEY=SECRET_KEY,
        KABAR_LOG_LEVEL=os.environ.get("KABAR_CACHING_TEST_LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_kabar(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*KABAR, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"kabar {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def seed(data_dir: Path) -> list[dict[str, object]]:
    (data_dir / "db").mkdir(parents=True)
    env = process_env(data_dir)
    run_kabar(env, "migrate", "--noinput", "-v0")
    run_kabar(env, "collectstatic", "--noinput", "-v0")
    output = run_kabar(env, "shell", "-c", SEED)
    line = next(line for line in output.splitlines() if line.startswith("SEEDED "))
    return json.loads(line.removeprefix("SEEDED "))


def get(url: str, headers: dict[str, str] | None = None, source: str | None = None) -> tuple[int, dict, bytes]:
    """A GET (or a PURGE, given as headers["method"]) from `source`, answered even when it is an error."""
    headers = dict(headers or {})
    method = headers.pop("method", "GET")
    if source is not None:
        return raw_request(url, method, headers, source)
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def raw_request(url: str, method: str, headers: dict[str, str], source: str) -> tuple[int, dict, bytes]:
    """An HTTP/1.0 request sent from a chosen loopback address (urllib cannot choose it)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30, source_address=(source, 0)) as sock:
        lines = [f"{method} {parts.path or '/'} HTTP/1.0", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), found, body


def wait_until(check, timeout: float = STARTUP_SECONDS, step: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(step)
    raise RuntimeError("gave up waiting")


@dataclass
class KabarSite:
    """A copy of the seeded data directory, and the Kabar processes running on it."""

    data_dir: Path
    articles: list[dict[str, object]]
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    def copy_of(cls, seeded: Path, articles: list[dict[str, object]], where: Path, **env: str) -> KabarSite:
        data_dir = where / "site"
        shutil.copytree(seeded, data_dir)
        extra = dict(env)
        redis_url = os.environ.get("REDIS_URL")
        if redis_url:
            extra.setdefault("REDIS_URL", redis_url)
            extra.setdefault("KABAR_CACHE_PREFIX", f"kabar-caching-test-{uuid.uuid4().hex[:12]}")
        return cls(data_dir, articles, process_env(data_dir, **extra))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.data_dir / "serve.log"

    def serve(self) -> None:
        log = self.access_log.open("ab")
        command = [*KABAR, "serve", "--port", str(self.port), "--workers", "2", "--threads", "4"]
        # A process group of its own, so that a master that must be killed takes its workers along.
        self.processes.append(
            subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, process_group=0)
        )
        wait_until(lambda: get(self.url + "/healthz")[0] == 200)

    def work(self) -> None:
        log = (self.data_dir / "worker.log").open("ab")
        command = [*KABAR, "worker", "--no-clock", "--interval", "0.1"]
        self.processes.append(subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))

    def backend_requests(self, path: str) -> int:
        """How many GETs for `path` reached `kabar serve`: its access log has a line for each."""
        marker = f'"GET {path} HTTP/'.encode()
        return sum(1 for line in self.access_log.read_bytes().splitlines() if marker in line)

    def settled_backend_requests(self, path: str, quiet: float = 0.5) -> int:
        """backend_requests once the log has stopped growing: granian logs a request after answering it."""
        count = self.backend_requests(path)
        while True:
            time.sleep(quiet)
            again = self.backend_requests(path)
            if again == count:
                return count
            count = again

    def database_down(self) -> None:
        (self.data_dir / "db").rename(self.data_dir / "db-away")

    def database_back(self) -> None:
        (self.data_dir / "db-away").rename(self.data_dir / "db")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                if os.getpgid(process.pid) == process.pid:
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
                process.wait()
        self.processes.clear()
        prefix = self.env.get("KABAR_CACHE_PREFIX")
        if prefix and self.env.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(self.env["REDIS_URL"])
            for key in client.scan_iter(match=f"{prefix}:*"):
                client.delete(key)


@dataclass
class VarnishCache:
    """Debian's varnishd running deploy/varnish/kabar.vcl in front of a KabarSite."""

    workdir: Path
    backend_port: int
    purgers: tuple[str, ...] = ("127.0.0.1",)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        acl = "\n".join(f'    "{address}";' for address in self.purgers)
        # The site part kabar-site.vcl.example describes, for this loopback test.
        (self.workdir / "kabar-site.vcl").write_text(
            f"""backend kabar {{
    .host = "127.0.0.1";
    .port = "{self.backend_port}";
    .host_header = "127.0.0.1";
    .probe = {{ .url = "/healthz"; .interval = 0.5s; .timeout = 1s; .window = 2; .threshold = 1; }}
}}
acl kabar_purgers {{
{acl}
}}
"""
        )
        command = [
            shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-j", "none",
            "-n", str(self.workdir / "state"),
            "-a", f"127.0.0.1:{self.port}",
            "-T", "none",
            "-f", str(VCL),
            "-p", f"vcl_path={self.workdir}:/usr/share/varnish/vcl:/etc/varnish",
            "-s", "malloc,64m",
        ]  # fmt: skip
        log = (self.workdir / "varnishd.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_until(lambda: self.process.poll() is None and get(self.url + "/healthz")[0] == 200)

    def purge(self, keys: list[str], *, hard: bool = False, source: str | None = None) -> int:
        header = "xkey-purge" if hard else "xkey-softpurge"
        return get(self.url + "/", {"method": "PURGE", header: " ".join(keys)}, source=source)[0]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
