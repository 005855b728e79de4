"""Rate limits hold across web processes: two processes counting the same limit allow it once, not
twice (Redis when REDIS_URL is set, otherwise the database's shared table), allauth's limits too."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES = 2
TRIES = 12

# Each process waits for the go file, so both count at the same time, then prints what was allowed.
KABAR_COUNTS = """
import json, os, time
from kabar.core import ratelimit
while not os.path.exists(os.environ["GO"]):
    time.sleep(0.01)
print(json.dumps([ratelimit.allow("push:ip:198.51.100.9", 5) for _ in range({tries})]))
"""

ALLAUTH_COUNTS = """
import json, os, time
from django.test import RequestFactory
from allauth.core.internal import ratelimit
request = RequestFactory().post("/akun/login/", REMOTE_ADDR="198.51.100.9")
while not os.path.exists(os.environ["GO"]):
    time.sleep(0.01)
print(json.dumps([
    bool(ratelimit.consume(request, app="allauth.account", action="login_failed", key="redaktur@example.com"))
    for _ in range({tries})
]))
"""


def allowed_in_processes(outside_database, tmp_path, code: str) -> int:
    outside = outside_database()
    go = tmp_path / "go"
    processes = [outside.python(code.format(tries=TRIES), env={"GO": str(go)}) for _ in range(PROCESSES)]
    go.touch()
    allowed = 0
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        allowed += sum(json.loads(out.strip().splitlines()[-1]))
    return allowed


def test_two_processes_share_kabars_limit(outside_database, tmp_path):
    assert allowed_in_processes(outside_database, tmp_path, KABAR_COUNTS) == 5


def test_two_processes_share_allauths_failed_login_limit(outside_database, tmp_path):
    # allauth's default: 5 failed logins per account in 5 minutes (and 10 a minute per client).
    assert allowed_in_processes(outside_database, tmp_path, ALLAUTH_COUNTS) == 5
