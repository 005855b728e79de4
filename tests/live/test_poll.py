"""The poll JSON live.js asks every 15-30 s: small, cached, 304 to its ETag, purged by each update only."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from kabar.live import services
from kabar.live.caching import purge_report, report_key
from kabar.live.queries import POLL_WINDOW
from tests.live import page_support as live

pytestmark = pytest.mark.django_db


def poll_url(report) -> str:
    return f"/live/{report.pk}/updates.json"


def test_the_json_holds_the_newest_updates_as_html_with_the_key_points_and_status(client):
    report = live.report()
    event = live.post(report, "Tsunami tidak terjadi.", headline="Tidak ada tsunami", key_event=True)
    newest = live.post(report, "Sekolah diliburkan.")
    data = client.get(poll_url(report)).json()
    assert data["status"] == "live"
    assert [update["id"] for update in data["updates"]] == [newest.pk, event.pk]
    assert f'id="update-{newest.pk}"' in data["updates"][0]["html"]
    assert "Sekolah diliburkan." in data["updates"][0]["html"]
    assert [(e["id"], e["headline"]) for e in data["key_events"]] == [(event.pk, "Tidak ada tsunami")]
    assert data["key_events"][0]["link"] == f"/live/{report.pk}/pembaruan/{event.pk}/"


def test_the_json_holds_at_most_one_window_of_updates(client):
    report = live.report()
    live.many_updates(report, POLL_WINDOW + 5)
    data = client.get(poll_url(report)).json()
    assert len(data["updates"]) == data["window"] == POLL_WINDOW


def test_a_closed_report_says_ended(client):
    report = live.report()
    services.close_report(report, None)
    assert client.get(poll_url(report)).json()["status"] == "ended"


def test_a_poll_with_the_current_etag_gets_a_304_from_the_cache(client):
    report = live.report()
    live.post(report, "Satu.")
    first = client.get(poll_url(report))
    assert first.status_code == 200 and first["ETag"]
    again = client.get(poll_url(report), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["X-Cache"] == "HIT"
    assert again.content == b""


def test_the_json_is_cached_under_the_reports_key(client):
    report = live.report()
    first = client.get(poll_url(report))
    assert first["X-Cache"] == "MISS"
    assert report_key(report.pk) in first["xkey"].split()
    assert first["Cache-Control"].startswith("public")
    assert client.get(poll_url(report))["X-Cache"] == "HIT"


def test_a_new_update_reaches_the_next_poll(client, django_capture_on_commit_callbacks):
    report = live.report()
    live.post(report, "Satu.")
    etag = client.get(poll_url(report))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        newest = live.post(report, "Dua.")
    response = client.get(poll_url(report), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["updates"][0]["id"] == newest.pk


def test_an_update_purges_the_report_and_not_the_fronts(client, django_capture_on_commit_callbacks):
    # Committed, as in the newsroom: the publish's own purges go out with its commit, not the update's.
    with django_capture_on_commit_callbacks(execute=True):
        report = live.report()
    for url in (report.dated_path(), poll_url(report), f"/live/{report.pk}/feed/", "/", "/nasional/"):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    with django_capture_on_commit_callbacks(execute=True):
        live.post(report, "Dua.")
    for url in (report.dated_path(), poll_url(report), f"/live/{report.pk}/feed/"):
        assert client.get(url)["X-Cache"] in ("MISS", "STALE"), url
    for url in ("/", "/nasional/"):
        assert client.get(url)["X-Cache"] == "HIT", url


def test_a_listed_change_purges_the_lists_that_show_the_report(client):
    report = live.report()
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    purge_report(report.pk, listed=True)
    assert client.get("/")["X-Cache"] != "HIT"


def test_a_private_report_has_no_public_json(client):
    report = live.report()
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(poll_url(report)).status_code == 404
    assert client.get(f"/live/{report.pk}/feed/").status_code == 404


def test_an_unknown_report_is_404(client):
    assert client.get("/live/999999/updates.json").status_code == 404
    assert client.get("/live/99999999999999999999/updates.json").status_code == 404
