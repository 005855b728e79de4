"""Purging the caches in front of Kabar: the requests the adapters send, after commit, from the worker, with retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kabar.articles import services
from kabar.delivery.frontcaches import PurgeFailed
from kabar.delivery.frontcaches.cloudflare import Cloudflare
from kabar.delivery.frontcaches.varnish import Varnish
from kabar.delivery.purge import purge_keys, retry_delay
from tests import factories

pytestmark = pytest.mark.django_db

ZONE = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "cf-token-for-tests"


@pytest.fixture
def cloudflare_stand_in(stand_in, settings):
    settings.KABAR_CLOUDFLARE_ZONE_ID = ZONE
    settings.KABAR_CLOUDFLARE_API_TOKEN = TOKEN
    settings.KABAR_CLOUDFLARE_API_URL = stand_in.url + "/client/v4"
    settings.KABAR_PURGE_ATTEMPTS = 3
    return stand_in


@pytest.fixture
def varnish_stand_in(stand_in, settings):
    settings.KABAR_VARNISH_URLS = [stand_in.url]
    settings.KABAR_PURGE_ATTEMPTS = 3
    return stand_in


# --- the adapters -------------------------------------------------------------------------------


def test_cloudflare_is_asked_to_purge_by_tag_as_its_api_documents(stand_in):
    Cloudflare(ZONE, TOKEN, api_url=stand_in.url + "/client/v4").purge(["article:7", "front"], hard=False)
    (request,) = stand_in.received
    assert (request.method, request.path) == ("POST", f"/client/v4/zones/{ZONE}/purge_cache")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {"tags": ["article:7", "front"]}


def test_cloudflare_gets_many_tags_in_batches_it_accepts(stand_in):
    keys = [f"article:{n}" for n in range(75)]
    Cloudflare(ZONE, TOKEN, api_url=stand_in.url).purge(keys, hard=True)
    batches = [request.json()["tags"] for request in stand_in.received]
    assert [len(batch) for batch in batches] == [30, 30, 15]
    assert [tag for batch in batches for tag in batch] == keys


@pytest.mark.parametrize(
    "answer",
    [(200, {"success": False, "errors": [{"code": 1134, "message": "Unauthorized"}]}), (403, {"success": False})],
)
def test_a_purge_cloudflare_refuses_is_a_failure(stand_in, answer):
    stand_in.default = answer
    with pytest.raises(PurgeFailed):
        Cloudflare(ZONE, TOKEN, api_url=stand_in.url).purge(["front"], hard=False)


def test_varnish_gets_a_purge_request_with_the_keys_in_its_xkey_header(stand_in):
    Varnish([stand_in.url]).purge(["article:7", "front"], hard=False)
    Varnish([stand_in.url]).purge(["article:7"], hard=True)
    soft, hard = stand_in.received
    assert (soft.method, soft.path, soft.headers["xkey-softpurge"]) == ("PURGE", "/", "article:7 front")
    assert "xkey-purge" not in soft.headers
    assert (hard.method, hard.headers["xkey-purge"]) == ("PURGE", "article:7")


def test_varnish_gets_a_long_key_list_in_headers_it_accepts(stand_in):
    keys = [f"article:{n}" for n in range(1000)]
    Varnish([stand_in.url]).purge(keys, hard=False)
    sent = [request.headers["xkey-softpurge"] for request in stand_in.received]
    assert len(sent) > 1
    assert all(len(header) <= 4000 for header in sent)
    assert [key for header in sent for key in header.split()] == keys


def test_a_purge_varnish_refuses_is_a_failure(stand_in):
    stand_in.default = (403, {})
    with pytest.raises(PurgeFailed):
        Varnish([stand_in.url]).purge(["front"], hard=False)


# --- when and where purges run ------------------------------------------------------------------


def test_front_caches_are_purged_only_once_the_change_is_committed(
    varnish_stand_in, cloudflare_stand_in, django_capture_on_commit_callbacks
):
    article = factories.article("Sidang kabinet")
    varnish_stand_in.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_article(article, "Sidang digelar Senin.")
        assert varnish_stand_in.received == []
    purges = [r for r in varnish_stand_in.received if r.method == "PURGE"]
    tags = [r.json()["tags"] for r in varnish_stand_in.received if r.method == "POST"]
    assert any(f"article:{article.pk}" in r.headers["xkey-softpurge"].split() for r in purges)
    assert any(f"article:{article.pk}" in batch for batch in tags)
    # Varnish first: Cloudflare, in front of it, must not refetch the old page from it.
    methods = [r.method for r in varnish_stand_in.received]
    assert methods.index("PURGE") < methods.index("POST")


def test_unpublishing_purges_the_front_caches_hard(varnish_stand_in, django_capture_on_commit_callbacks):
    article = factories.article("Ditarik redaksi")
    varnish_stand_in.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(article)
    assert any(f"article:{article.pk}" in r.headers.get("xkey-purge", "").split() for r in varnish_stand_in.received)


def test_a_failed_purge_is_retried_until_it_succeeds(cloudflare_stand_in, django_capture_on_commit_callbacks):
    cloudflare_stand_in.responses = [(503, {"success": False}), (503, {"success": False})]
    with django_capture_on_commit_callbacks(execute=True):
        purge_keys(["front"])
    assert [r.json() for r in cloudflare_stand_in.received] == [{"tags": ["front"]}] * 3


def test_a_purge_that_keeps_failing_is_given_up_after_the_set_attempts(
    cloudflare_stand_in, caplog, django_capture_on_commit_callbacks
):
    cloudflare_stand_in.default = (503, {"success": False})
    with caplog.at_level("ERROR", logger="kabar.delivery.purge"), django_capture_on_commit_callbacks(execute=True):
        purge_keys(["front"])
    assert len(cloudflare_stand_in.received) == 3
    assert any("giving up" in record.getMessage() for record in caplog.records)


def test_with_the_database_queue_the_editor_never_waits_and_the_worker_purges_with_back_off(
    varnish_stand_in, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        purge_keys(["front"])
    assert varnish_stand_in.received == []  # queued, not sent from the request
    (queued,) = DBTaskResult.objects.ready().filter(task_path="kabar.delivery.purge.purge_front_caches")

    varnish_stand_in.responses = [(503, {})]
    worker.run_task(queued)
    assert len(varnish_stand_in.received) == 1
    (retry,) = DBTaskResult.objects.filter(task_path="kabar.delivery.purge.purge_front_caches", status="READY")
    assert retry.run_after is not None
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=1)

    worker.run_task(retry)
    assert len(varnish_stand_in.received) == 2
    assert not DBTaskResult.objects.filter(task_path="kabar.delivery.purge.purge_front_caches", status="READY").exists()


def test_the_back_off_doubles_and_stops_growing_at_a_minute():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 7)] == [2, 4, 8, 16, 32, 60, 60]


def test_without_front_caches_nothing_is_queued(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        purge_keys(["front"])
    assert not DBTaskResult.objects.filter(task_path="kabar.delivery.purge.purge_front_caches").exists()
