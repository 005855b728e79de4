import datetime as dt

import pytest
from django.utils import timezone

from kabar.core.models import Lease
from kabar.operations import clock
from kabar.operations.leases import acquire_lease, release_lease

pytestmark = pytest.mark.django_db

TTL = dt.timedelta(minutes=5)
calls: list[str] = []


def record_call() -> None:
    """A periodic job for the clock tests, found by its dotted path."""
    calls.append("ran")


def failing_job() -> None:
    raise RuntimeError("the job broke")


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def test_first_holder_takes_a_free_lease():
    assert acquire_lease("publish", TTL, holder="worker-a")
    assert Lease.objects.get(name="publish").holder == "worker-a"


def test_second_holder_cannot_take_a_held_lease():
    assert acquire_lease("publish", TTL, holder="worker-a")
    assert not acquire_lease("publish", TTL, holder="worker-b")
    assert Lease.objects.get(name="publish").holder == "worker-a"


def test_holder_can_renew_its_own_lease():
    assert acquire_lease("publish", TTL, holder="worker-a")
    first_expiry = Lease.objects.get(name="publish").expires_at
    assert acquire_lease("publish", TTL * 2, holder="worker-a")
    assert Lease.objects.get(name="publish").expires_at > first_expiry


def test_second_holder_takes_the_lease_once_it_has_expired():
    assert acquire_lease("publish", TTL, holder="worker-a")
    Lease.objects.filter(name="publish").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert acquire_lease("publish", TTL, holder="worker-b")
    assert Lease.objects.get(name="publish").holder == "worker-b"


def test_released_lease_can_be_taken_by_another_holder():
    assert acquire_lease("publish", TTL, holder="worker-a")
    release_lease("publish", holder="worker-a")
    assert acquire_lease("publish", TTL, holder="worker-b")


def test_only_the_holder_can_release_a_lease():
    assert acquire_lease("publish", TTL, holder="worker-a")
    release_lease("publish", holder="worker-b")
    assert not acquire_lease("publish", TTL, holder="worker-b")


def test_leases_with_different_names_are_independent():
    assert acquire_lease("publish", TTL, holder="worker-a")
    assert acquire_lease("prune", TTL, holder="worker-b")


def test_run_job_once_runs_the_job_when_it_wins_the_lease():
    assert clock.run_job_once("tests.operations.test_leases.record_call", 60)
    assert calls == ["ran"]


def test_run_job_once_skips_the_job_while_another_worker_holds_the_lease():
    assert acquire_lease("clock:tests.operations.test_leases.record_call", TTL, holder="another-machine")
    assert not clock.run_job_once("tests.operations.test_leases.record_call", 60)
    assert calls == []


def test_run_job_once_releases_the_lease_so_the_next_run_is_not_blocked():
    assert clock.run_job_once("tests.operations.test_leases.record_call", 60)
    assert acquire_lease("clock:tests.operations.test_leases.record_call", TTL, holder="another-machine")


def test_a_failing_job_still_releases_its_lease():
    assert clock.run_job_once("tests.operations.test_leases.failing_job", 60)
    assert acquire_lease("clock:tests.operations.test_leases.failing_job", TTL, holder="another-machine")


def test_configured_jobs_include_scheduled_publishing(settings):
    paths = [path for path, _interval in clock.configured_jobs()]
    assert "kabar.newsroom.services.publish_due_articles" in paths
