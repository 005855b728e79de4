"""No file stops the desk (issue 22): whatever one document holds, it is that document's refusal, named with
its reason, and the import, the drop folder and the worker go on. Kills land whatever their version; refusals
are on the desk; deeply nested bodies are flattened; files still being written wait."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from kabar.wire import queries, services
from kabar.wire.models import PubStatus, WireFeed, WireItem, WireItemVersion, WireRefusal
from tests import factories
from tests.wire.conftest import Route, make_feed, words

pytestmark = pytest.mark.django_db

WHEN = "2026-03-14T08:00:00+07:00"


def wire(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("wire", *args, stdout=out)
    return out.getvalue().splitlines()


def ninjs(uri: str, **fields: object) -> dict[str, object]:
    """A ninjs 3 text item."""
    item: dict[str, object] = {
        "uri": uri,
        "type": "text",
        "version": "1",
        "versionCreated": WHEN,
        "pubStatus": "usable",
        "language": "id",
        "headlines": [{"role": "main", "value": f"Judul {uri}"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "Paragraf pertama.\n\nParagraf kedua."}],
    }
    item.update(fields)
    return item


def write(folder: Path, name: str, content: str | bytes | object) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def later(**delta: float) -> time_machine.travel:
    """The clock moved on: a file's ctime cannot be set back, so the poll's "now" is moved forward."""
    return time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(**delta))


# --- 1. one bad file never stops the import ---------------------------------------------------------


def test_a_json_number_of_5000_digits_refuses_its_file_and_the_files_after_it_are_read(tmp_path):
    write(tmp_path, "a-angka.json", '{"uri": "urn:x:angka", "version": ' + "9" * 5000 + "}")
    write(tmp_path, "b-baik.json", ninjs("urn:x:baik"))
    lines = wire("import", "--source", "KBN", str(tmp_path))
    assert lines[0].startswith(f"{tmp_path / 'a-angka.json'}: refused: ") and "5000 digits" in lines[0]
    assert lines[1] == f"{tmp_path / 'b-baik.json'}: ninjs-3: 1 new, 0 updated, 0 unchanged, 0 refused"
    assert lines[-1] == "imported: 1 new, 0 updated, 0 unchanged, 1 refused"
    refusal = WireRefusal.objects.get()
    assert refusal.source == str(tmp_path / "a-angka.json") and "5000 digits" in refusal.reason


def test_lone_surrogates_are_stripped_from_every_field_and_the_refusal_prints(tmp_path):
    # Written as JSON escapes, as agencies' broken encoders write them: json.loads makes lone surrogates.
    good = ninjs("urn:x:\\ud800satu", headlines=[{"role": "main", "value": "Banjir \\udfff Jakarta"}])
    bad = ninjs("urn:x:\\udc00dua", pubStatus="dibatalkan")
    path = write(tmp_path, "surrogat.json", json.dumps([good, bad]).replace("\\\\u", "\\u"))
    lines = wire("import", "--source", "KBN", str(path))
    assert lines[0] == f"{path}: ninjs-3: 1 new, 0 updated, 0 unchanged, 1 refused"
    assert lines[1].startswith("  refused urn:x:dua: item 2: ") and "dibatalkan" in lines[1]
    item = WireItem.objects.get()
    assert (item.agency_uri, " ".join(item.headline.split())) == ("urn:x:satu", "Banjir Jakarta")
    assert WireRefusal.objects.get().agency_uri == "urn:x:dua"


def test_nul_is_stripped_from_every_field_before_it_reaches_the_database(tmp_path):
    item = ninjs(
        "urn:x:\u0000nul",
        headlines=[{"role": "main", "value": "Gempa\u0000 Cianjur"}],
        bodies=[{"role": "main", "contentType": "text/plain", "value": "Warga\u0000 mengungsi."}],
        subjects=[{"name": "Bencana\u0000", "uri": "http://cv.iptc.org/newscodes/mediatopic/\u000003000000"}],
    )
    path = write(tmp_path, "nul.json", item)
    assert wire("import", "--source", "KBN", str(path))[-1] == "imported: 1 new, 0 updated, 0 unchanged, 0 refused"
    stored = WireItem.objects.get()
    assert stored.agency_uri == "urn:x:nul" and stored.headline == "Gempa Cianjur"
    assert "Warga mengungsi." in stored.body_html and "\x00" not in json.dumps(stored.subjects)
    assert "\\u0000" not in json.dumps(WireItemVersion.objects.get().content)


def test_a_file_name_that_is_not_utf8_is_imported_and_printed(tmp_path):
    name = os.fsdecode(b"berita-\xff.json")  # an undecodable byte becomes a lone surrogate in the name
    path = write(tmp_path, name, ninjs("urn:x:nama"))
    lines = wire("import", "--source", "KBN", str(tmp_path))
    assert lines[0].endswith("berita-\\udcff.json: ninjs-3: 1 new, 0 updated, 0 unchanged, 0 refused")
    assert path.exists() and WireItem.objects.get().agency_uri == "urn:x:nama"


def test_a_time_past_year_9999_in_utc_refuses_its_item_not_the_document(tmp_path):
    items = [ninjs("urn:x:jauh", versionCreated="9999-12-31T23:00:00-05:00"), ninjs("urn:x:dekat")]
    report = services.ingest_document(make_feed(), json.dumps(items).encode(), source="waktu.json")
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 1 refused"
    assert "versioncreated is out of range" in WireRefusal.objects.get(agency_uri="urn:x:jauh").reason


def test_a_link_longer_than_the_desk_keeps_is_left_out_and_the_item_stored():
    long_link = "https://kbn.example/" + "a" * 1200
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>KBN</title>'
        f"<item><guid>urn:x:tautan</guid><title>Tautan panjang</title><link>{long_link}</link>"
        "<description>Isi berita.</description></item></channel></rss>"
    )
    report = services.ingest_document(make_feed(), rss.encode())
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 0 refused"
    assert WireItem.objects.get().link == ""


def test_fields_longer_than_the_desk_keeps_are_clipped_and_the_item_stored():
    item = ninjs("urn:x:panjang", language="bahasa-yang-terlalu-panjang-untuk-kolom", located="Kota " * 100)
    item["by"] = "Penulis " * 100
    report = services.ingest_document(make_feed(), json.dumps(item).encode())
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 0 refused"
    stored = WireItem.objects.get()
    assert stored.language == "id" and len(stored.located) <= 200 and len(stored.byline) <= 300


def test_a_bad_file_in_a_drop_folder_goes_to_failed_with_its_reason_and_the_folder_goes_on(tmp_path, settings):
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0
    write(tmp_path, "1-angka.json", '{"uri": "urn:x:angka", "urgency": ' + "7" * 4400 + "}")
    write(tmp_path, "2-nul.json", ninjs("urn:x:\u0000nul"))
    write(tmp_path, "3-baik.json", ninjs("urn:x:baik"))
    feed = make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(tmp_path))
    result = services.poll_feed(feed)
    assert result.ok and result.message == "3 file(s): 2 new, 0 updated, 0 unchanged, 1 refused"
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == ["2-nul.json", "3-baik.json"]
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["1-angka.json", "1-angka.json.reason.txt"]
    assert "4400 digits" in (tmp_path / "failed" / "1-angka.json.reason.txt").read_text()
    assert WireRefusal.objects.get(feed=feed).source == str(tmp_path / "1-angka.json")
    assert services.poll_feed(feed).message == "0 file(s): 0 new, 0 updated, 0 unchanged, 0 refused"
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0 and feed.last_error == ""


# --- 2. kills always land, and every refusal is on the desk -----------------------------------------


@pytest.mark.parametrize("status", [PubStatus.CANCELED, PubStatus.WITHHELD])
def test_a_kill_with_the_same_version_and_time_as_its_story_is_applied(status):
    feed = make_feed(default_section=factories.section("Nasional"))
    services.ingest_document(feed, json.dumps(ninjs("urn:x:cabut")).encode())
    made = services.make_article_from_item(WireItem.objects.get(), factories.staff("redaktur", "Redaktur"))
    kill = ninjs("urn:x:cabut", pubStatus=str(status), headlines=[{"role": "main", "value": "KILL: jangan dipakai"}])
    report = services.ingest_document(feed, json.dumps(kill).encode())
    assert [o.status for o in report.outcomes] == [services.UPDATED]
    item = WireItem.objects.get()
    assert item.pubstatus == status and item.is_killed and item.version == 2
    assert [link.article_id for link in queries.articles_from_killed_items()] == [made.article.pk]
    again = services.ingest_document(feed, json.dumps(ninjs("urn:x:cabut")).encode())
    assert [o.status for o in again.outcomes] == [services.UNCHANGED]  # the story sent again does not revive it
    assert WireItem.objects.get().is_killed


def test_a_g2_kill_signal_under_the_same_version_is_applied():
    def g2(status: str, signal: str = "") -> bytes:
        return (
            '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:g2" version="3" standard="NewsML-G2">'
            f'<itemMeta><itemClass qcode="ninat:text"/><versionCreated>{WHEN}</versionCreated>'
            f'<pubStatus qcode="stat:{status}"/>{signal}</itemMeta>'
            "<contentMeta><headline>Berita G2</headline></contentMeta></newsItem>"
        ).encode()

    feed = make_feed()
    services.ingest_document(feed, g2("usable"))
    report = services.ingest_document(feed, g2("usable", '<signal qcode="sig:kill"/>'))
    assert [o.status for o in report.outcomes] == [services.UPDATED]
    assert WireItem.objects.get().is_killed


def test_a_refusal_under_the_worker_is_on_the_desk_with_its_reason(client, loopback, desk_rights):
    feed = make_feed(url=loopback.url("/ninjs"), kind=WireFeed.Kind.NINJS, allow_private_network=True)
    loopback.routes["/ninjs"] = Route(body=json.dumps(ninjs("urn:x:ulang")).encode())
    services.poll_due_feeds(workers=1)
    changed = ninjs("urn:x:ulang", headlines=[{"role": "main", "value": "Isi lain, versi sama"}])
    loopback.routes["/ninjs"] = Route(body=json.dumps([changed, {"uri": 5}]).encode())
    services.make_all_feeds_due()
    services.poll_due_feeds(workers=1)
    reasons = sorted(WireRefusal.objects.filter(feed=feed).values_list("reason", flat=True))
    assert reasons == [
        "item 2: the item has no uri to identify it",
        "version 1 was already received with different content and no newer time",
    ]
    assert WireRefusal.objects.first().source == loopback.url("/ninjs")
    client.force_login(factories.staff("penulis", "Penulis"))
    assert f'href="{reverse("wire_refusals")}"' in client.get(reverse("wire_desk")).content.decode()
    page = words(client.get(reverse("wire_refusals"), {"feed": feed.pk}))
    assert "version 1 was already received with different content and no newer time" in page
    assert "urn:x:ulang" in page and "item 2: the item has no uri to identify it" in page


def test_the_feed_list_shows_each_feeds_last_refusal(client, loopback):
    feed = make_feed(url=loopback.url("/rusak"), allow_private_network=True)
    loopback.routes["/rusak"] = Route(body=b"<html><body>Bukan feed</body></html>")
    assert not services.poll_feed(feed).ok
    client.force_login(factories.staff("admin", None, superuser=True))
    listing = words(client.get(reverse("wire_feeds:index")))
    assert "an HTML page, not a feed: check the feed's URL" in listing


# --- 5. deeply nested markup ------------------------------------------------------------------------


def test_200000_nested_divs_are_flattened_before_sanitising_and_keep_their_text():
    depth = 200_000
    body = "<div>" * depth + "<p>Inti <b>berita</b> tetap ada.</p>" + "</div>" * depth
    item = ninjs("urn:x:dalam", bodies=[{"role": "main", "contentType": "text/html", "value": body}])
    report = services.ingest_document(make_feed(), json.dumps(item).encode())
    assert report.summary() == "1 new, 0 updated, 0 unchanged, 0 refused"
    stored = WireItem.objects.get().body_html
    assert "<div" not in stored and "<p>Inti <b>berita</b> tetap ada.</p>" in stored


def test_markup_nested_deeply_in_tags_the_desk_keeps_becomes_its_text():
    depth = 50_000
    body = "<blockquote>" * depth + "Kutipan <script>alert(1)</script>&amp; teks" + "</blockquote>" * depth
    headline = "<span>" * depth + "Judul &amp; berita" + "</span>" * depth
    item = ninjs(
        "urn:x:kutipan",
        headlines=[{"role": "main", "value": headline}],
        bodies=[{"role": "main", "contentType": "text/html", "value": body}],
    )
    services.ingest_document(make_feed(), json.dumps(item).encode())
    stored = WireItem.objects.get()
    assert stored.body_html == "<p>Kutipan &amp; teks</p>"
    assert "Judul" in stored.headline and "span" not in stored.headline


# --- 6. files still being written -----------------------------------------------------------------


@pytest.fixture
def drop(tmp_path, settings):
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 5
    settings.KABAR_WIRE_DROP_INCOMPLETE_WAIT_SECONDS = 900
    return make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(tmp_path)), tmp_path


def test_a_file_changed_in_the_last_seconds_waits_for_the_next_poll(drop):
    feed, folder = drop
    write(folder, "baru.json", ninjs("urn:x:baru"))
    first = services.poll_feed(feed)
    assert first.message == "0 file(s): 0 new, 0 updated, 0 unchanged, 0 refused; 1 waiting"
    assert (folder / "baru.json").exists() and not WireItem.objects.exists()
    with later(seconds=10):
        second = services.poll_feed(feed)
    assert second.message == "1 file(s): 1 new, 0 updated, 0 unchanged, 0 refused"
    assert (folder / "processed" / "baru.json").exists()


@pytest.mark.parametrize(
    "name, complete",
    [
        ("potong.json", json.dumps(ninjs("urn:x:potong"))),
        (
            "potong.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:potong" version="1">'
            f"<itemMeta><itemClass qcode='ninat:text'/><versionCreated>{WHEN}</versionCreated></itemMeta>"
            "<contentMeta><headline>Terpotong</headline></contentMeta></newsItem>\n",
        ),
    ],
)
def test_a_file_cut_mid_upload_is_retried_while_fresh_and_refused_once_stale(drop, name, complete):
    feed, folder = drop
    path = write(folder, name, complete[: len(complete) // 2])
    with later(seconds=60):
        assert services.poll_feed(feed).message.endswith("; 1 waiting")
    assert path.exists() and not (folder / "failed").exists()
    write(folder, name, complete)  # the rest has arrived
    with later(seconds=60):
        assert services.poll_feed(feed).message == "1 file(s): 1 new, 0 updated, 0 unchanged, 0 refused"
    write(folder, "lagi-" + name, complete[: len(complete) // 2])
    with later(minutes=20):
        assert services.poll_feed(feed).message == "1 file(s): 0 new, 0 updated, 0 unchanged, 1 refused"
    reason = (folder / "failed" / f"lagi-{name}.reason.txt").read_text()
    assert reason.startswith("incomplete: the document ends before it is finished")


def test_a_cut_file_given_to_import_is_refused_as_incomplete(tmp_path):
    path = write(tmp_path, "potong.json", json.dumps([ninjs("urn:x:a"), ninjs("urn:x:b")])[:-40])
    lines = wire("import", "--source", "KBN", str(path))
    assert lines[0].startswith(f"{path}: refused: incomplete: the document ends before it is finished")


def rss_feed(entries: int) -> str:
    items = "".join(
        f"<item><guid>urn:x:rss-{n}</guid><title>Berita {n}</title>"
        f"<description>Isi berita nomor {n} yang lengkap.</description></item>"
        for n in range(1, entries + 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>KBN</title>{items}</channel></rss>'
    )


def atom_feed(entries: int) -> str:
    items = "".join(
        f"<entry><id>urn:x:atom-{n}</id><title>Berita {n}</title><updated>{WHEN}</updated>"
        f"<summary>Isi berita nomor {n} yang lengkap.</summary></entry>"
        for n in range(1, entries + 1)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>KBN</title>{items}</feed>'


@pytest.mark.parametrize("feed_text, cut_at", [(rss_feed(3), "nomor 3"), (atom_feed(3), "<title>Berita 3")])
def test_a_cut_feed_loses_its_last_incomplete_entry_never_imports_it_empty(feed_text, cut_at):
    cut = feed_text[: feed_text.index(cut_at) + 3]
    report = services.ingest_document(make_feed(), cut.encode())
    assert report.summary() == "2 new, 0 updated, 0 unchanged, 0 refused"
    assert services.CUT_FEED_NOTE in report.notes
    assert sorted(WireItem.objects.values_list("headline", flat=True)) == ["Berita 1", "Berita 2"]
    assert all(body for body in WireItem.objects.values_list("body_html", flat=True))


def test_a_feed_cut_after_its_last_entry_keeps_every_entry():
    text = rss_feed(2)
    report = services.ingest_document(make_feed(), text[: text.index("</channel>") + 4].encode())
    assert report.summary() == "2 new, 0 updated, 0 unchanged, 0 refused"


@pytest.mark.parametrize("feed", ["1" * 5000, "²", "abc"])
def test_the_refusals_page_takes_any_feed_parameter_without_a_500(admin_client, feed):
    response = admin_client.get("/admin/wire/refused/", {"feed": feed})
    assert response.status_code == 200
