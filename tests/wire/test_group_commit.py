"""Group commit (issue 22, item 4): many small documents are stored in one transaction, each in a savepoint of its
own, and a drop folder moves a file only once the transaction holding its items has committed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kabar.wire import services
from kabar.wire.models import WireFeed, WireItem, WireRefusal
from tests.wire.conftest import make_feed

REFUSED_URI = "urn:x:ditolak-basis-data"


def ninjs(uri: str) -> dict[str, object]:
    return {
        "uri": uri,
        "type": "text",
        "version": "1",
        "versionCreated": "2026-03-14T08:00:00+07:00",
        "language": "id",
        "headlines": [{"role": "main", "value": f"Judul {uri}"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "Paragraf pertama."}],
    }


def one_item_files(folder: Path, count: int, *, refused_at: int | None = None) -> list[str]:
    names = []
    for n in range(count):
        uri = REFUSED_URI if n == refused_at else f"urn:x:berita-{n}"
        (folder / f"{n:03}.json").write_text(json.dumps(ninjs(uri)), encoding="utf-8")
        names.append(f"{n:03}.json")
    return names


def drop_feed(folder: Path) -> WireFeed:
    return make_feed("KBN folder", kind=WireFeed.Kind.DROP_FOLDER, url="", folder_path=str(folder))


@dataclass
class Transactions:
    commits: int = 0
    autocommitted_writes: int = 0

    @property
    def total(self) -> int:
        return self.commits + self.autocommitted_writes


@contextmanager
def counted_transactions(monkeypatch: pytest.MonkeyPatch) -> Iterator[Transactions]:
    """Every transaction the connection ends: COMMITs of atomic blocks, and writes made in autocommit (each its own)."""
    counted = Transactions()
    commit = connection.commit

    def counting_commit() -> None:
        commit()
        counted.commits += 1

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if connection.get_autocommit() and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            counted.autocommitted_writes += 1
        return execute(sql, params, many, context)

    monkeypatch.setattr(connection, "commit", counting_commit)
    with connection.execute_wrapper(watch):
        yield counted


@contextmanager
def database_refusing(uri: str, *, at_commit: bool = False) -> Iterator[None]:
    """The database itself refuses an item with this identifier: when it is written, or (PostgreSQL) at COMMIT."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert not at_commit, "SQLite has no deferred triggers"
            cursor.execute(
                "CREATE TRIGGER test_refuse_item BEFORE INSERT ON wire_wireitem "
                f"WHEN NEW.agency_uri = '{uri}' BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION test_refuse_item() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.agency_uri = '{uri}' THEN RAISE EXCEPTION 'refused by the database'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            kind = "CONSTRAINT TRIGGER" if at_commit else "TRIGGER"
            when = (
                "AFTER INSERT ON wire_wireitem DEFERRABLE INITIALLY DEFERRED"
                if at_commit
                else "BEFORE INSERT ON wire_wireitem"
            )
            cursor.execute(f"CREATE {kind} test_refuse_item {when} FOR EACH ROW EXECUTE FUNCTION test_refuse_item()")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER IF EXISTS test_refuse_item")
            else:
                cursor.execute("DROP TRIGGER IF EXISTS test_refuse_item ON wire_wireitem")
                cursor.execute("DROP FUNCTION IF EXISTS test_refuse_item()")


@pytest.mark.django_db(transaction=True)
def test_one_item_files_in_a_drop_folder_commit_together_not_one_by_one(tmp_path, settings, monkeypatch):
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0
    names = one_item_files(tmp_path, 40)
    feed = drop_feed(tmp_path)
    with counted_transactions(monkeypatch) as counted:
        result = services.poll_feed(feed)
    assert result.message == "40 file(s): 40 new, 0 updated, 0 unchanged, 0 refused"
    assert WireItem.objects.filter(feed=feed).count() == 40
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == names
    # One per document was 40 (and more with the poll's own bookkeeping); a group holds up to 200 documents
    # or a second of work, so a slow machine may need a second group, never one per file.
    assert counted.total <= 4, counted


@pytest.mark.django_db(transaction=True)
def test_an_import_of_many_one_item_files_commits_together_not_one_by_one(tmp_path, monkeypatch):
    one_item_files(tmp_path, 40)
    with counted_transactions(monkeypatch) as counted:
        report = services.import_paths("KBN impor", [tmp_path])
    assert report.summary() == "imported: 40 new, 0 updated, 0 unchanged, 0 refused"
    assert WireItem.objects.count() == 40
    assert counted.total <= 6, counted  # the feed and source made first, then the groups


@pytest.mark.django_db
def test_an_item_the_database_refuses_mid_group_is_refused_alone_and_the_other_files_are_stored_and_moved(
    tmp_path, settings
):
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0
    names = one_item_files(tmp_path, 5, refused_at=2)
    feed = drop_feed(tmp_path)
    with database_refusing(REFUSED_URI):
        result = services.poll_feed(feed)
    assert result.ok and result.message == "5 file(s): 4 new, 0 updated, 0 unchanged, 1 refused"
    assert sorted(WireItem.objects.filter(feed=feed).values_list("agency_uri", flat=True)) == [
        f"urn:x:berita-{n}" for n in (0, 1, 3, 4)
    ]
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == [n for n in names if n != "002.json"]
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["002.json", "002.json.reason.txt"]
    # SQLite reports its trigger's refusal as a constraint (a lost race, tried again); PostgreSQL as an error.
    assert REFUSED_URI in (tmp_path / "failed" / "002.json.reason.txt").read_text()
    assert WireRefusal.objects.get(feed=feed).agency_uri == REFUSED_URI


@pytest.mark.django_db(transaction=True)
def test_files_are_moved_only_after_their_group_commits_and_a_group_that_never_commits_leaves_them_to_be_read_again(
    tmp_path,
):
    names = one_item_files(tmp_path, 3)
    feed = drop_feed(tmp_path)
    moved: list[str] = []
    with pytest.raises(RuntimeError), services.CommitGroup() as group:
        for name in names:
            result = group.store(lambda name=name: services.ingest_file(feed, tmp_path / name))
            assert result.report is not None and result.report.summary() == "1 new, 0 updated, 0 unchanged, 0 refused"
            group.after_commit(lambda name=name: moved.append(name))
        assert moved == []  # stored, not committed: nothing moves yet
        raise RuntimeError("the worker dies before the commit")
    assert moved == [] and WireItem.objects.count() == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == names
    with services.CommitGroup() as group:
        for name in names:
            group.store(lambda name=name: services.ingest_file(feed, tmp_path / name))
            group.after_commit(lambda name=name: moved.append(name))
    assert moved == names and WireItem.objects.count() == 3 and group.commits == 1


@pytest.mark.django_db(transaction=True)
def test_a_drop_folder_whose_commit_fails_keeps_every_file_of_the_group_and_reads_them_again(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("a COMMIT refused by the database needs a deferred trigger (PostgreSQL)")
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0
    names = one_item_files(tmp_path, 5, refused_at=2)
    feed = drop_feed(tmp_path)
    with database_refusing(REFUSED_URI, at_commit=True):
        result = services.poll_feed(feed)
    assert not result.ok and "refused by the database" in result.message
    assert WireItem.objects.count() == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == names
    assert not (tmp_path / "processed").exists() and not (tmp_path / "failed").exists()
    again = services.poll_feed(feed)
    assert again.message == "5 file(s): 5 new, 0 updated, 0 unchanged, 0 refused"
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == names
