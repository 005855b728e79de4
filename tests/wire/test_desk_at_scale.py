"""The desk as it grows: documents stored together, a search index of its own, old items leaving."""

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kabar.wire import queries, services
from kabar.wire.models import WireArticle, WireItem, WireItemVersion, WireSearchEntry
from tests import factories
from tests.wire.conftest import make_feed

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 3, 14, 3, 0, tzinfo=dt.UTC)
PLACES = ["Makassar", "Surabaya", "Medan", "Pontianak"]


def ninjs_item(n: int, *, headline: str = "", version: int = 1) -> dict:
    place = PLACES[n % len(PLACES)]
    return {
        "uri": f"urn:kbn:skala:{n}",
        "version": str(version),
        "versioncreated": "2025-03-14T03:00:00Z",
        "language": "id",
        "headlines": [{"role": "main", "value": headline or f"Laporan {n} dari {place}"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": f"<p>Warga {place} menunggu kabar.</p>"}],
        "located": place,
    }


def document(items: list[dict]) -> bytes:
    return json.dumps(items if len(items) > 1 else items[0]).encode()


def desk(query: str) -> list[str]:
    return [item.agency_uri for item in queries.desk_items(queries.DeskFilters(query=query))]


# --- storing ---------------------------------------------------------------------------------


def test_a_500_item_document_takes_the_same_few_queries_on_a_small_and_a_larger_desk():
    feed = make_feed()
    counts = []
    for batch in range(3):
        items = [ninjs_item(batch * 500 + n) for n in range(500)]
        with CaptureQueriesContext(connection) as captured:
            report = services.ingest_document(feed, document(items))
        assert report.count(services.NEW) == 500
        counts.append(len(captured.captured_queries))
    assert WireItem.objects.count() == WireSearchEntry.objects.count() == WireItemVersion.objects.count() == 1500
    # Items, versions and search entries in a few multi-row INSERTs, whatever the desk already holds.
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 30


def test_a_one_item_document_takes_a_handful_of_queries():
    feed = make_feed()
    services.ingest_document(feed, document([ninjs_item(0)]))
    with CaptureQueriesContext(connection) as captured:
        services.ingest_document(feed, document([ninjs_item(1)]))
    assert len(captured.captured_queries) <= 10


def test_an_item_the_database_refuses_is_refused_alone_and_the_rest_of_its_document_is_stored():
    feed = make_feed()
    # The database itself refuses one item, as it would a value it cannot store.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION wire_test_refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by the database'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER wire_test_refuse BEFORE INSERT ON wire_wireitem FOR EACH ROW "
                "WHEN (NEW.agency_uri = 'urn:kbn:skala:250') EXECUTE FUNCTION wire_test_refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER wire_test_refuse BEFORE INSERT ON wire_wireitem "
                "WHEN NEW.agency_uri = 'urn:kbn:skala:250' BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            )
    report = services.ingest_document(feed, document([ninjs_item(n) for n in range(500)]))
    refused = [o for o in report.outcomes if o.status == services.REFUSED]
    assert [o.agency_uri for o in refused] == ["urn:kbn:skala:250"]
    assert refused[0].reason
    assert report.count(services.NEW) == 499
    assert WireItem.objects.count() == WireSearchEntry.objects.count() == WireItemVersion.objects.count() == 499
    assert desk("Laporan 251") == ["urn:kbn:skala:251"]


def test_an_item_already_held_without_a_version_row_settles_the_race_one_by_one():
    feed = make_feed()
    # What another worker leaves between creating an item and its first version: the batch's INSERT
    # meets the unique constraint, and the document is stored item by item instead.
    WireItem.objects.create(feed=feed, agency_uri="urn:kbn:skala:3", headline="Sementara")
    report = services.ingest_document(feed, document([ninjs_item(n) for n in range(10)]))
    assert report.count(services.NEW) == 9
    assert report.count(services.UPDATED) + report.count(services.UNCHANGED) == 1
    assert WireItem.objects.filter(feed=feed).count() == 10
    assert WireItem.objects.get(agency_uri="urn:kbn:skala:3").headline == "Laporan 3 dari Pontianak"


def test_the_same_item_twice_in_one_document_is_one_item_with_two_versions():
    feed = make_feed()
    report = services.ingest_document(
        feed, document([ninjs_item(7), ninjs_item(7, version=2, headline="Banjir rob surut di Makassar")])
    )
    assert [o.status for o in report.outcomes] == [services.NEW, services.UPDATED]
    item = WireItem.objects.get()
    assert (item.version, item.headline) == (2, "Banjir rob surut di Makassar")
    assert desk("banjir surut") == ["urn:kbn:skala:7"]


# --- searching -------------------------------------------------------------------------------


def test_the_desk_finds_items_by_headline_words_and_follows_their_updates():
    feed = make_feed()
    services.ingest_document(feed, document([ninjs_item(n) for n in range(20)]))
    services.ingest_document(feed, document([ninjs_item(5, version=2, headline="Harga cabai melonjak di Medan")]))
    assert desk("harga cabai") == ["urn:kbn:skala:5"]
    # The update replaced the item's words: its old headline no longer finds it.
    services.ingest_document(feed, document([ninjs_item(5, version=3, headline="Kereta cepat diresmikan")]))
    assert desk("cabai") == []
    assert desk("kereta cepat") == ["urn:kbn:skala:5"]
    # Every root must match, and a word that is no word finds nothing.
    assert desk("kereta Medan") == []
    assert desk("!!!") == []
    assert set(desk("laporan")) == {f"urn:kbn:skala:{n}" for n in range(20) if n != 5}


def test_wire_items_are_no_longer_in_wagtails_search_index():
    from wagtail.search.models import IndexEntry

    feed = make_feed()
    services.ingest_document(feed, document([ninjs_item(n) for n in range(5)]))
    assert not IndexEntry.objects.filter(content_type__app_label="wire").exists()


# --- retention -------------------------------------------------------------------------------


def test_items_past_the_retention_period_leave_the_desk_unless_an_article_was_made_from_them(settings):
    settings.KABAR_WIRE_RETENTION_DAYS = 90
    feed = make_feed(default_section=factories.section("Nasional"))
    with time_machine.travel(START, tick=False):
        services.ingest_document(feed, document([ninjs_item(n) for n in range(6)]))
    made = services.make_article_from_item(WireItem.objects.get(agency_uri="urn:kbn:skala:1"))
    second = WireItem.objects.get(agency_uri="urn:kbn:skala:2")
    services.make_article_from_item(second)
    WireItem.objects.filter(pk=second.pk).update(article=None)  # only the link row says an article was made
    with time_machine.travel(START + dt.timedelta(days=60), tick=False):
        services.ingest_document(feed, document([ninjs_item(3, version=2, headline="Kabar terbaru Makassar")]))
        services.ingest_document(feed, document([ninjs_item(100)]))

    with time_machine.travel(START + dt.timedelta(days=89), tick=False):
        assert services.remove_old_items(batch_size=2, seconds=None) == 0
    with time_machine.travel(START + dt.timedelta(days=91), tick=False):
        assert services.remove_old_items(batch_size=2, seconds=None) == 3

    # Gone with their versions and search entries; kept: the two made into articles, the one updated
    # within the period and the one first received within it.
    kept = {"urn:kbn:skala:1", "urn:kbn:skala:2", "urn:kbn:skala:3", "urn:kbn:skala:100"}
    assert set(WireItem.objects.values_list("agency_uri", flat=True)) == kept
    assert set(WireItemVersion.objects.values_list("item__agency_uri", flat=True)) == kept
    assert set(WireSearchEntry.objects.values_list("item__agency_uri", flat=True)) == kept
    assert desk("laporan") == ["urn:kbn:skala:100", "urn:kbn:skala:2", "urn:kbn:skala:1"]
    assert WireArticle.objects.filter(article=made.article).exists()

    with time_machine.travel(START + dt.timedelta(days=151), tick=False):
        assert services.remove_old_items(seconds=None) == 2
    assert set(WireItem.objects.values_list("agency_uri", flat=True)) == {"urn:kbn:skala:1", "urn:kbn:skala:2"}


def test_the_retention_period_is_a_setting_and_zero_keeps_every_item(settings):
    feed = make_feed()
    with time_machine.travel(START, tick=False):
        services.ingest_document(feed, document([ninjs_item(n) for n in range(3)]))
    settings.KABAR_WIRE_RETENTION_DAYS = 0
    with time_machine.travel(START + dt.timedelta(days=3650), tick=False):
        assert services.remove_old_items(seconds=None) == 0
    settings.KABAR_WIRE_RETENTION_DAYS = 7
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        assert services.remove_old_items(seconds=None) == 3
    assert not WireItem.objects.exists()


def test_the_worker_clock_runs_the_retention_job():
    from kabar.core import hooks

    assert "kabar.wire.services.remove_old_items" in {job.path for job in hooks.periodic_jobs()}
