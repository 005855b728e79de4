"""Impressions and clicks: counted in memory, written in one batch, never tied to a reader."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.ads import services
from kabar.ads.models import CreativeStats
from tests.ads.conftest import gpt_ad, house_ad

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _flush_only_when_told(settings):
    settings.KABAR_AD_FLUSH_SECONDS = 3600


def beacon(client, *ids: object, **extra: object):
    body = "&".join(f"c={i}" for i in ids)
    return client.post("/iklan/i/", body, content_type="application/x-www-form-urlencoded", **extra)


def test_impressions_are_batched_then_written_in_one_statement(client):
    first, second = house_ad("top"), house_ad("in_article")
    for _ in range(30):
        assert beacon(client, first.pk, second.pk).status_code == 204
    assert CreativeStats.objects.count() == 0  # nothing written per view
    with CaptureQueriesContext(connection) as queries:
        assert services.flush_ad_counts() == 2
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 1
    assert CreativeStats.objects.get(creative=first).impressions == 30
    assert CreativeStats.objects.get(creative=second).impressions == 30
    beacon(client, first.pk)
    services.flush_ad_counts()
    assert CreativeStats.objects.get(creative=first).impressions == 31


def test_the_beacon_reads_no_cookie_sets_none_and_is_never_cached(client):
    creative = house_ad("top")
    client.cookies["kabar_plus"] = "xyz"
    client.cookies["pembaca"] = "12345"
    response = beacon(client, creative.pk)
    assert response.status_code == 204
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "body",
    ["", "c=", "c=abc", "c=1;DROP", "x=1", "&".join(["c=1"] * 21), "c=" + "9" * 40],
)
def test_bad_beacons_are_refused_and_count_nothing(client, body):
    creative = house_ad("top")
    response = client.post(
        "/iklan/i/", body.replace("c=1", f"c={creative.pk}"), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    services.flush_ad_counts()
    assert not CreativeStats.objects.exists()


def test_ids_of_unknown_or_ended_creatives_are_ignored(client):
    creative = house_ad("top")
    assert beacon(client, creative.pk, 987654).status_code == 204
    services.flush_ad_counts()
    assert list(CreativeStats.objects.values_list("creative_id", "impressions")) == [(creative.pk, 1)]


def test_the_beacon_accepts_only_post(client):
    assert client.get("/iklan/i/?c=1").status_code == 405


def test_a_click_is_counted_and_goes_to_the_creatives_own_link_only(client):
    creative = house_ad("top", link_url="https://pengiklan.example/promo?kode=KABAR")
    response = client.get(f"/iklan/k/{creative.pk}/?next=https://jahat.example/&url=//jahat.example")
    assert response.status_code == 302
    assert response["Location"] == "https://pengiklan.example/promo?kode=KABAR"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    services.flush_ad_counts()
    assert CreativeStats.objects.get(creative=creative).clicks == 1


def test_clicks_on_unknown_or_tag_creatives_go_nowhere(client):
    tag = gpt_ad("top")
    assert client.get(f"/iklan/k/{tag.pk}/").status_code == 404
    assert client.get("/iklan/k/999999/").status_code == 404
    services.flush_ad_counts()
    assert not CreativeStats.objects.exists()


def test_counts_for_a_creative_deleted_before_the_flush_are_dropped_quietly(client):
    kept, deleted = house_ad("top"), house_ad("sidebar")
    beacon(client, kept.pk, deleted.pk)
    deleted.delete()
    assert services.flush_ad_counts() == 1
    assert list(CreativeStats.objects.values_list("creative_id", flat=True)) == [kept.pk]
