"""`kabar serve`'s command line, and the WSGI application it serves (kabar/wsgi.py)."""

from __future__ import annotations

import io
import os
from unittest import mock

import pytest

from kabar.operations.management.commands.serve import Command


def exec_argv(**env: str) -> list[str]:
    """The argv `kabar serve` would exec into, caught instead."""
    with mock.patch.dict(os.environ, env), mock.patch("os.execv") as execv:
        Command(stdout=io.StringIO()).handle(host="10.0.0.7", port=8123, workers=3, threads=5)
    return list(execv.call_args.args[1])


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_serve_runs_granian_with_the_address_processes_threads_and_graceful_stop():
    argv = exec_argv()
    assert argv[1:4] == ["-m", "granian", "kabar.wsgi:application"]
    assert option(argv, "--interface") == "wsgi"
    assert (option(argv, "--host"), option(argv, "--port")) == ("10.0.0.7", "8123")
    assert (option(argv, "--workers"), option(argv, "--blocking-threads")) == ("3", "5")
    assert option(argv, "--workers-kill-timeout") == "10"
    assert "--respawn-failed-workers" in argv


@pytest.mark.parametrize(("setting", "logged"), [("", True), ("1", True), ("0", False), ("off", False)])
def test_kabar_access_log_turns_the_access_log_on_and_off(setting, logged):
    argv = exec_argv(KABAR_ACCESS_LOG=setting)
    assert ("--access-log" in argv) is logged
    if logged:
        assert "%(method)s %(path)s" in option(argv, "--access-log-fmt")


def test_a_process_is_replaced_past_kabar_web_max_rss():
    assert option(exec_argv(KABAR_WEB_MAX_RSS="512"), "--workers-max-rss") == "512"


def test_the_servers_environment_never_reaches_a_request():
    """granian copies os.environ into each request's environ; Kabar must not see it as the request."""
    from kabar.wsgi import WithoutServerEnvironment

    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return [b""]

    with mock.patch.dict(os.environ, {"DATABASE_URL": "postgres://kabar:secret@db/kabar", "HTTP_PROXY": "x:1"}):
        wrapped = WithoutServerEnvironment(app)
    environ = {**os.environ, "DATABASE_URL": "postgres://kabar:secret@db/kabar", "HTTP_PROXY": "x:1"}
    environ.update({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_ACCEPT": "text/html"})
    wrapped(environ, None)

    assert "DATABASE_URL" not in seen
    assert "HTTP_PROXY" not in seen
    assert "PATH" not in seen
    assert (seen["REQUEST_METHOD"], seen["PATH_INFO"], seen["HTTP_ACCEPT"]) == ("GET", "/", "text/html")
