"""Ingesting agency documents: new, updated, unchanged and refused items, versions, kills, concurrency."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from kabar.wire import queries, services
from kabar.wire.models import WireItem, WireItemVersion
from kabar.wire.parsers import ParseError
from tests.outside_database import OutsideDatabase
from tests.wire.conftest import fixture_bytes, make_feed

pytestmark = pytest.mark.django_db

NINJS3 = json.loads(fixture_bytes("ninjs3_text.json"))


def ninjs3(**changes) -> bytes:
    return json.dumps({**NINJS3, **changes}).encode()


def statuses(report):
    return [(o.agency_uri, o.status) for o in report.outcomes]


def test_first_ingest_makes_each_item_new_with_its_first_version():
    feed = make_feed()
    report = services.ingest_document(feed, fixture_bytes("newsml_g2_message.xml"))
    assert report.summary() == "3 new, 0 updated, 0 unchanged, 1 refused"
    bali = WireItem.objects.get(agency_uri="urn:newsml:kbn.example:20250314:g2-0501")
    assert bali.feed == feed
    assert bali.version == 1 and bali.agency_version == "3"
    assert bali.headline == "Bali tourist arrivals beat pre-pandemic record"
    assert bali.versions.get().content["headline"] == bali.headline
    feed.refresh_from_db()
    assert (feed.items_seen, feed.items_new, feed.items_refused) == (4, 3, 1)


def test_the_same_document_again_is_unchanged_and_adds_no_rows():
    feed = make_feed()
    services.ingest_document(feed, fixture_bytes("ninjs2_batch.json"))
    again = services.ingest_document(feed, fixture_bytes("ninjs2_batch.json"))
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert WireItem.objects.count() == 2
    assert WireItemVersion.objects.count() == 2


def test_a_higher_agency_version_becomes_a_new_version_of_the_same_item():
    feed = make_feed()
    services.ingest_document(feed, ninjs3())
    report = services.ingest_document(
        feed,
        ninjs3(
            version="6", headlines=[{"role": "main", "value": "KPU tetapkan hasil Pilkada Jateng, paslon 2 menang"}]
        ),
    )
    assert statuses(report) == [("urn:kbn:ninjs:2025-0314-0301", "updated")]
    item = WireItem.objects.get()
    assert item.version == 2 and item.agency_version == "6"
    assert item.headline == "KPU tetapkan hasil Pilkada Jateng, paslon 2 menang"
    assert list(item.versions.order_by("version").values_list("version", "agency_version")) == [(1, "5"), (2, "6")]


def test_a_newer_version_created_with_the_same_version_number_is_an_update():
    feed = make_feed()
    services.ingest_document(feed, ninjs3())
    report = services.ingest_document(feed, ninjs3(versionCreated="2025-03-14T07:00:00Z", by="Sekar Ayu dan Tim"))
    assert report.count("updated") == 1
    assert WireItem.objects.get().byline == "Sekar Ayu dan Tim"
    assert WireItemVersion.objects.count() == 2


def test_an_older_version_arriving_late_changes_nothing():
    feed = make_feed()
    services.ingest_document(feed, ninjs3(version="7", versionCreated="2025-03-14T09:00:00Z"))
    report = services.ingest_document(feed, ninjs3(version="6", by="Versi lama"))
    assert report.outcomes[0].status == "unchanged"
    assert "older than version 7" in report.outcomes[0].reason
    assert WireItem.objects.get().byline == "Sekar Ayu"
    assert WireItemVersion.objects.count() == 1


def test_the_same_version_with_different_content_and_no_newer_time_is_refused():
    feed = make_feed()
    services.ingest_document(feed, ninjs3())
    report = services.ingest_document(feed, ninjs3(by="Orang lain"))
    assert report.outcomes[0].status == "refused"
    assert "version 5 was already received with different content" in report.outcomes[0].reason
    assert WireItem.objects.get().byline == "Sekar Ayu"


def test_an_edited_rss_entry_without_versions_is_an_update():
    feed = make_feed()
    services.ingest_document(feed, fixture_bytes("rss2_nusantara.xml"))
    edited = fixture_bytes("rss2_nusantara.xml").replace(
        b"Harga cabai rawit di Pasar Induk turun", b"Harga cabai rawit anjlok"
    )
    report = services.ingest_document(feed, edited)
    assert [o.status for o in report.outcomes] == ["unchanged", "updated", "unchanged"]
    item = WireItem.objects.get(agency_uri="kbn:2025:0314:002")
    assert item.headline.startswith("Harga cabai rawit anjlok")
    assert item.version == 2


def test_the_same_identifier_from_two_feeds_is_two_items():
    first, second = make_feed("KBN satu"), make_feed("KBN dua")
    services.ingest_document(first, ninjs3())
    services.ingest_document(second, ninjs3())
    assert WireItem.objects.filter(agency_uri=NINJS3["uri"]).count() == 2


def test_an_unreadable_document_raises_and_stores_nothing():
    feed = make_feed()
    with pytest.raises(ParseError):
        services.ingest_document(feed, fixture_bytes("html_page.html"))
    assert not WireItem.objects.exists()


def test_refused_items_are_reported_with_their_reason_beside_the_accepted_ones():
    feed = make_feed()
    report = services.ingest_document(feed, fixture_bytes("missing_identifiers.json"))
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 2 refused"
    refused = [o for o in report.outcomes if o.status == "refused"]
    assert [o.reason for o in refused] == [
        "item 1: the item has no uri to identify it",
        "item 2: the item has no uri to identify it",
    ]
    assert WireItem.objects.get().notes == ["versioncreated had no time zone; read as UTC"]


def test_a_kill_marks_the_item_killed_and_keeps_its_history():
    feed = make_feed()
    services.ingest_document(feed, ninjs3())
    report = services.ingest_document(feed, ninjs3(version="6", pubStatus="canceled"))
    assert report.count("updated") == 1
    item = WireItem.objects.get()
    assert item.is_killed and item.pubstatus == "canceled"
    assert item.versions.count() == 2


def test_g2_kill_signal_for_an_unknown_item_is_stored_as_killed():
    feed = make_feed()
    services.ingest_document(feed, fixture_bytes("newsml_g2_message.xml"))
    killed = WireItem.objects.get(agency_uri="urn:newsml:kbn.example:20250313:g2-0390")
    assert killed.is_killed
    assert killed.ednote.startswith("KILL:")


def test_a_withheld_item_released_again_is_no_longer_killed():
    feed = make_feed()
    services.ingest_document(feed, ninjs3(pubStatus="withheld"))
    assert WireItem.objects.get().is_killed
    services.ingest_document(feed, ninjs3(version="6", pubStatus="usable"))
    assert not WireItem.objects.get().is_killed


def test_body_is_stored_sanitised():
    feed = make_feed()
    services.ingest_document(
        feed, ninjs3(bodies=[{"contentType": "text/html", "value": '<p onclick="x()">Aman<script>curi()</script></p>'}])
    )
    assert WireItem.objects.get().body_html == "<p>Aman</p>"


def test_ingested_items_are_found_by_desk_search_with_indonesian_stems():
    feed = make_feed()
    services.ingest_document(feed, fixture_bytes("ninjs2_batch.json"))
    services.ingest_document(feed, fixture_bytes("newsml_g2_item.xml"))
    found = list(queries.desk_items(queries.DeskFilters(query="kebanjiran")))
    assert [item.agency_uri for item in found] == ["urn:kbn:ninjs:2025-0314-0201"]
    assert [item.located for item in queries.desk_items(queries.DeskFilters(query="nelayan solar"))] == ["Makassar"]


# --- concurrency ----------------------------------------------------------------------------

SOURCE = "Kantor Berita Serentak"


def totals(summaries: list[str]) -> dict[str, int]:
    """'1 new, 0 updated, 2 unchanged, 1 refused' lines, added up."""
    assert len(summaries) == 10
    counted = {"new": 0, "updated": 0, "unchanged": 0, "refused": 0}
    for summary in summaries:
        for part in summary.split(", "):
            number, status = part.split()
            counted[status] += int(number)
    return counted


def _shares(path: Path) -> list[list[Path]]:
    """Ten ingests of one file, shared among four workers."""
    return [[path] * 3, [path] * 3, [path] * 2, [path] * 2]


def _ingest_with_threads(path: Path) -> list[str]:
    """PostgreSQL: four threads, each with its own database connection."""

    def ingest(paths: list[Path]) -> list[str]:
        try:
            return [f.report.summary() for f in services.import_paths(SOURCE, paths).files]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [line for lines in pool.map(ingest, _shares(path)) for line in lines]


def _ingest_with_processes(path: Path, database: OutsideDatabase) -> list[str]:
    """SQLite: four `kabar wire import` processes on a file database, as in production."""

    def ingest(paths: list[Path]) -> list[str]:
        output = database.run_kabar("wire", "import", "--source", SOURCE, *map(str, paths))
        prefix = f"{path}: newsml-g2: "
        return [line.removeprefix(prefix) for line in output.splitlines() if line.startswith(prefix)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [line for lines in pool.map(ingest, _shares(path)) for line in lines]


@pytest.mark.django_db(transaction=True)
def test_the_same_batch_ingested_ten_times_by_four_workers_gives_one_item_and_one_version_each(
    tmp_path, outside_database
):
    batch = tmp_path / "batch.xml"
    batch.write_bytes(fixture_bytes("newsml_g2_message.xml"))
    updated = tmp_path / "updated.xml"
    updated.write_bytes(fixture_bytes("newsml_g2_message.xml").replace(b'version="3"', b'version="4"'))
    database = outside_database()
    if connection.vendor == "sqlite":
        run = lambda path: _ingest_with_processes(path, database)  # noqa: E731
    else:
        run = _ingest_with_threads

    # Which worker wins which item is up to the race; the totals are not.
    assert totals(run(batch)) == {"new": 3, "updated": 0, "unchanged": 27, "refused": 10}
    uris = [row[0] for row in database.rows("SELECT agency_uri FROM wire_wireitem")]
    assert len(uris) == len(set(uris)) == 3
    assert database.rows("SELECT COUNT(*) FROM wire_wireitemversion") == [(3,)]
    assert database.rows("SELECT COUNT(*) FROM wire_wirefeed") == [(1,)]

    assert totals(run(updated)) == {"new": 0, "updated": 1, "unchanged": 29, "refused": 10}
    versions = database.rows(
        "SELECT v.version, v.agency_version FROM wire_wireitemversion v JOIN wire_wireitem i ON v.item_id = i.id "
        "WHERE i.agency_uri = 'urn:newsml:kbn.example:20250314:g2-0501' ORDER BY v.version"
    )
    assert versions == [(1, "3"), (2, "4")]
    assert database.rows("SELECT COUNT(*) FROM wire_wireitemversion") == [(4,)]
    assert database.rows("SELECT items_new, items_updated, items_seen FROM wire_wirefeed") == [(3, 1, 80)]
