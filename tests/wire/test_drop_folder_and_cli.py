"""Drop folders, `kabar wire import` and `kabar wire poll`."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from kabar.sources.models import Source
from kabar.wire import services
from kabar.wire.models import WireFeed, WireItem
from tests.wire.conftest import FIXTURES, Route, fixture_bytes, make_feed

pytestmark = pytest.mark.django_db


def wire(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("wire", *args, stdout=out)
    return out.getvalue().splitlines()


# --- drop folders ---------------------------------------------------------------------------


@pytest.fixture
def drop_folder(tmp_path, settings):
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0  # the files below are complete, though written just now
    folder = tmp_path / "kbn-masuk"
    folder.mkdir()
    for name in ("ninjs2_batch.json", "newsml_g2_item.xml", "html_page.html"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "setengah.xml.part").write_bytes(b"<newsItem")  # still being written by the agency
    (folder / ".tersembunyi.json").write_bytes(b"{}")
    return folder


def test_a_drop_folder_poll_ingests_new_files_and_moves_them_by_outcome(drop_folder):
    feed = make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(drop_folder))
    result = services.poll_feed(feed)
    assert result.ok and result.message == "3 file(s): 3 new, 0 updated, 0 unchanged, 1 refused"
    assert WireItem.objects.filter(feed=feed).count() == 3
    assert sorted(p.name for p in (drop_folder / "processed").iterdir()) == ["newsml_g2_item.xml", "ninjs2_batch.json"]
    failed = drop_folder / "failed"
    assert sorted(p.name for p in failed.iterdir()) == ["html_page.html", "html_page.html.reason.txt"]
    assert "an HTML page, not a feed" in (failed / "html_page.html.reason.txt").read_text()
    assert sorted(p.name for p in drop_folder.iterdir() if p.is_file()) == [".tersembunyi.json", "setengah.xml.part"]
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.consecutive_failures == 0


def test_a_drop_folder_poll_reads_only_files_that_arrived_since(drop_folder):
    feed = make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(drop_folder))
    services.poll_feed(feed)
    assert services.poll_feed(feed).message == "0 file(s): 0 new, 0 updated, 0 unchanged, 0 refused"
    shutil.copy(FIXTURES / "ninjs2_batch.json", drop_folder / "ninjs2_batch.json")
    second = services.poll_feed(feed)
    assert second.message == "1 file(s): 0 new, 0 updated, 2 unchanged, 0 refused"
    processed = sorted(p.name for p in (drop_folder / "processed").iterdir())
    assert len(processed) == 3 and processed[0].endswith("-ninjs2_batch.json")  # the repeat is kept, not overwritten


def test_a_missing_drop_folder_is_recorded_as_an_error(tmp_path):
    feed = make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(tmp_path / "tidak-ada"))
    result = services.poll_feed(feed)
    assert not result.ok and "does not exist" in WireFeed.objects.get(pk=feed.pk).last_error


# --- kabar wire import ----------------------------------------------------------------------


def test_import_makes_a_drop_folder_feed_and_source_and_prints_a_line_per_file(tmp_path):
    folder = tmp_path / "arsip"
    folder.mkdir()
    shutil.copy(FIXTURES / "newsml_g2_message.xml", folder / "pesan.xml")
    shutil.copy(FIXTURES / "malformed.json", folder / "rusak.json")
    lines = wire("import", "--source", "Antara", str(FIXTURES / "ninjs1_text.json"), str(folder))
    assert lines[0] == f"{FIXTURES / 'ninjs1_text.json'}: ninjs-1: 1 new, 0 updated, 0 unchanged, 0 refused"
    assert lines[1] == f"{folder / 'pesan.xml'}: newsml-g2: 3 new, 0 updated, 0 unchanged, 1 refused"
    assert lines[2].endswith("a <packageItem> is not a news item")
    assert lines[3].startswith(f"{folder / 'rusak.json'}: refused: malformed JSON")
    assert lines[-1] == "imported: 4 new, 0 updated, 0 unchanged, 2 refused"
    feed = WireFeed.objects.get(name="Antara")
    assert feed.kind == WireFeed.Kind.DROP_FOLDER and feed.agency == Source.objects.get(name="Antara")
    assert WireItem.objects.filter(feed=feed).count() == 4


def test_import_into_an_existing_feed_reports_updates_and_repeats(tmp_path):
    feed = make_feed("KBN ninjs")
    updated = tmp_path / "v6.json"
    updated.write_text(json.dumps({**json.loads(fixture_bytes("ninjs3_text.json")), "version": "6"}))
    lines = wire("import", "--source", "KBN ninjs", str(FIXTURES / "ninjs3_text.json"), str(updated), str(updated))
    assert lines[-1] == "imported: 1 new, 1 updated, 1 unchanged, 0 refused"
    assert WireFeed.objects.count() == 1 and WireItem.objects.get().feed == feed


def test_import_of_a_path_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        wire("import", "--source", "Antara", str(tmp_path / "hilang.xml"))


# --- kabar wire poll ------------------------------------------------------------------------


def test_poll_prints_a_line_per_due_feed_and_a_total(loopback, settings):
    settings.KABAR_WIRE_POLL_WORKERS = 1
    loopback.routes["/rss"] = Route(body=fixture_bytes("rss2_nusantara.xml"))
    loopback.routes["/rusak"] = Route(500)
    make_feed("A Baik", url=loopback.url("/rss"), allow_private_network=True)
    make_feed("B Rusak", url=loopback.url("/rusak"), allow_private_network=True)
    lines = wire("poll")
    assert sorted(lines[:-1]) == [
        "A Baik: ok: 3 new, 0 updated, 0 unchanged, 0 refused",
        "B Rusak: error: HTTP 500 from 127.0.0.1",
    ]
    assert lines[-1] == "polled: 2 feed(s), 1 failed"
    assert wire("poll") == ["polled: 0 feed(s), 0 failed"]
    assert sorted(wire("poll", "--all")[:-1])[0] == "A Baik: ok: 0 new, 0 updated, 3 unchanged, 0 refused"


@pytest.mark.django_db(transaction=True)
def test_poll_polls_many_feeds_in_parallel_threads_each_isolated(loopback, outside_database):
    loopback.routes["/rss"] = Route(body=fixture_bytes("rss2_nusantara.xml"))
    loopback.routes["/atom"] = Route(body=fixture_bytes("atom_pacific.xml"))
    loopback.routes["/html"] = Route(body=fixture_bytes("html_page.html"))
    for n in range(3):
        make_feed(f"RSS {n}", url=loopback.url("/rss"), allow_private_network=True)
        make_feed(f"Atom {n}", url=loopback.url("/atom"), allow_private_network=True)
    make_feed("HTML", url=loopback.url("/html"), allow_private_network=True)
    make_feed("Tertutup", url=loopback.url("/rss"))  # loopback without the private-network allowance
    database = outside_database()

    output = database.run_kabar("wire", "poll").splitlines()

    assert output[-1] == "polled: 8 feed(s), 2 failed"
    assert sum(1 for line in output if ": ok: 3 new" in line) == 3
    assert sum(1 for line in output if ": ok: 2 new" in line) == 3
    assert any(line.startswith("Tertutup: error: refused 127.0.0.1") for line in output)
    assert database.rows("SELECT COUNT(*) FROM wire_wireitem") == [(15,)]
    assert database.rows("SELECT name FROM wire_wirefeed WHERE consecutive_failures = 1 ORDER BY name") == [
        ("HTML",),
        ("Tertutup",),
    ]
