"""`kabar backup` and `kabar restore`: a site survives being destroyed, and a bad archive harms nothing.

The round trips run real sites in child processes: a SQLite file, and a throwaway PostgreSQL
database on the server DATABASE_URL names (or 127.0.0.1:5432), whichever database the suite runs on.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import translation

from kabar.operations import backups

PROJECT_DIR = Path(__file__).resolve().parents[2]

SEED = """
import django
django.setup()
from kabar.articles.models import ArticlePage
from tests import factories

section = factories.section("Nasional")
for n in range(3):
    image = factories.image(f"Foto {n}")
    image.get_rendition("fill-240x160")
    article = factories.article(f"Artikel cadangan {n}", in_section=section, lead_image=image, tags=["banjir"])
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.summary = f"Ringkasan draf {n}"
    draft.save_revision()
factories.staff("redaktur", "Redaktur")
"""

CHANGE = """
import django
django.setup()
import os
from django.contrib.auth.models import User
from wagtail.images.models import Image
from tests import factories

factories.article("Artikel sesudah cadangan", lead_image=factories.image("Foto baru"))
User.objects.filter(username="redaktur").update(email="berubah@example.com")
os.remove(Image.objects.order_by("pk").first().file.path)
"""

SNAPSHOT = """
import django
django.setup()
import hashlib, json, os, sys
from django.conf import settings
from django.db import connection

tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute("SELECT * FROM " + connection.ops.quote_name(table))
        tables[table] = sorted(
            repr(tuple(bytes(value) if isinstance(value, memoryview) else value for value in row))
            for row in cursor.fetchall()
        )
media = {}
for folder, _, files in os.walk(settings.MEDIA_ROOT):
    for name in files:
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            media[os.path.relpath(path, settings.MEDIA_ROOT)] = hashlib.sha256(handle.read()).hexdigest()
json.dump({"tables": tables, "media": media}, sys.stdout)
"""


# --- real sites in child processes ---------------------------------------------------------


def postgres_server() -> dict[str, object]:
    """The PostgreSQL server the suite runs on, or the one on 127.0.0.1:5432."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parsed = dj_database_url.parse(url)
        return {
            "host": parsed["HOST"] or "127.0.0.1",
            "port": parsed["PORT"] or 5432,
            "user": parsed["USER"] or "postgres",
            "password": parsed["PASSWORD"] or "",
        }
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


@contextmanager
def throwaway_postgres_database() -> Iterator[str]:
    server = postgres_server()
    name = f"kabar_backup_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['password']}" if server["password"] else ""
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """A Kabar site of its own: its data folder, its database, and `kabar` commands run against it."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.media_dir = data_dir / "media"
        self.database_url = database_url
        self.env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
        self.env.update({"KABAR_DATA_DIR": str(data_dir), "KABAR_MEDIA_DIR": str(self.media_dir), "KABAR_TESTING": "1"})
        self.env["KABAR_LOG_LEVEL"] = "WARNING"
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=PROJECT_DIR,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def kabar(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(["-m", "kabar", *args], stdin=stdin)

    def script(self, code: str) -> str:
        result = self.run(["-c", code])
        assert result.returncode == 0, result.stderr
        return result.stdout

    def snapshot(self, after: str = "") -> dict[str, dict[str, object]]:
        """Every table's rows and every media file's checksum, after running the script `after`, if any."""
        return json.loads(self.script(after + SNAPSHOT))

    def destroy(self) -> None:
        if self.database_url:
            with psycopg.connect(self.database_url.replace("postgres://", "postgresql://"), autocommit=True) as db:
                db.execute("DROP SCHEMA public CASCADE")
                db.execute("CREATE SCHEMA public")
        else:
            for path in self.data_dir.glob("kabar.sqlite3*"):
                path.unlink()
        for folder, subfolders, files in os.walk(self.media_dir, topdown=False):
            for name in files:
                os.remove(os.path.join(folder, name))
            for name in subfolders:
                os.rmdir(os.path.join(folder, name))
        self.media_dir.rmdir()


def assert_same_site(restored: dict, original: dict) -> None:
    assert sorted(restored["tables"]) == sorted(original["tables"])
    for table, rows in original["tables"].items():
        assert restored["tables"][table] == rows, f"table {table} differs after the restore"
    assert restored["media"] == original["media"]


def round_trip(site: Site, archive: Path) -> None:
    migrated = site.kabar("migrate", "--noinput", "-v0", "--skip-checks")
    assert migrated.returncode == 0, migrated.stderr
    original = site.snapshot(after=SEED)
    assert len(original["media"]) >= 6  # three originals and their renditions
    assert original["tables"]["auth_user"]

    made = site.kabar("backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(str(archive))

    # The site changes after its backup: a new article and image, an edited user, a lost file.
    changed = site.snapshot(after=CHANGE)
    assert changed["tables"] != original["tables"]
    assert changed["media"] != original["media"]

    # Restore asks first; any answer but "yes" changes nothing.
    answered = site.kabar("restore", str(archive), stdin="no\n")
    assert answered.returncode == 0, answered.stderr
    assert "'yes'" in answered.stdout  # the question, in the site's language, names the word to type
    assert site.snapshot() == changed

    # Into the existing site.
    restored = site.kabar("restore", "--yes", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert_same_site(site.snapshot(), original)

    # Into a destroyed site: no database tables (or file), no media.
    site.destroy()
    restored = site.kabar("restore", "--noinput", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert_same_site(site.snapshot(), original)


def test_a_sqlite_site_destroyed_after_its_backup_comes_back_table_by_table_and_file_by_file(tmp_path):
    round_trip(Site(tmp_path / "site", None), tmp_path / "kabar.tar.gz")


def test_a_postgresql_site_destroyed_after_its_backup_comes_back_table_by_table_and_file_by_file(tmp_path):
    with throwaway_postgres_database() as url:
        round_trip(Site(tmp_path / "site", url), tmp_path / "kabar.tar.xz")


# --- archives checked before anything is touched ------------------------------------------


PHOTO = b"\xff\xd8 a photo " * 100


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids, whatever the default language's catalog says."""
    with translation.override("en"):
        yield


@pytest.fixture
def site_files(settings):
    """The media an in-process backup holds, in this test's MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT)
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "foto.jpg").write_bytes(PHOTO)
    return media


@pytest.fixture(scope="module")
def good_archives(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    """Real backups of the test database and one photo, plain and compressed, made once for these tests.

    Made outside any test's transaction: SQLite cannot copy a database from inside an unfinished write.
    """
    folder = tmp_path_factory.mktemp("archives")
    media = folder / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "foto.jpg").write_bytes(PHOTO)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        return {suffix: backups.create_backup(folder / f"good{suffix}")[0] for suffix in (".tar", ".tar.gz")}


@pytest.fixture
def archive(db, site_files, good_archives) -> Path:
    return good_archives[".tar"]


def read_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers() if member.isfile()}


def write_members(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return path


def altered(archive: Path, change: Callable[[dict[str, bytes], dict], None], into: Path) -> Path:
    """A copy of `archive` (at `into`) with its members and manifest changed by `change`."""
    members = read_members(archive)
    manifest = json.loads(members["manifest.json"])
    change(members, manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    return write_members(into, members)


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--yes", stdout=io.StringIO())
    return str(raised.value)


def assert_site_untouched(media: Path) -> None:
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [
        "original_images/foto.jpg"
    ]
    assert (media / "original_images" / "foto.jpg").read_bytes() == PHOTO
    assert not list(media.parent.glob(".kabar-restore-*"))
    assert connection.introspection.table_names()  # the database is still there


def test_manifest_records_format_versions_vendor_migrations_and_every_files_checksum(archive, site_files):
    manifest = json.loads(read_members(archive)["manifest.json"])
    assert manifest["format"] == "kabar-backup"
    assert manifest["format_version"] == 1
    assert manifest["kabar_version"] == "0.1.0"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["created_at"]
    leaves = dict(MigrationLoader(None).graph.leaf_nodes("wagtailcore"))
    assert manifest["migrations"]["wagtailcore"] == leaves["wagtailcore"]
    files = {entry["path"]: entry for entry in manifest["files"]}
    photo = files["media/original_images/foto.jpg"]
    assert photo["size"] == len(PHOTO)
    assert photo["sha256"] == hashlib.sha256(PHOTO).hexdigest()
    assert backups.DATABASE_MEMBERS[connection.vendor] in files
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_backup_into_a_folder_writes_a_dated_archive(transactional_db, site_files, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    [written] = tmp_path.glob("kabar-backup-*.tar.gz")
    assert out.getvalue().startswith(str(written))
    assert not list(tmp_path.glob(".kabar-backup-*"))


def test_backup_refuses_a_name_it_cannot_tell_the_compression_of(db, tmp_path):
    with pytest.raises(CommandError, match=r"\.tar, \.tar\.gz, \.tgz or \.tar\.xz"):
        call_command("backup", str(tmp_path / "kabar.zip"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_a_file_changed_inside_the_archive_is_refused_by_its_checksum(archive, site_files, tmp_path):
    def flip(members, manifest):
        photo = members["media/original_images/foto.jpg"]
        members["media/original_images/foto.jpg"] = photo[:-1] + b"X"

    message = refused(altered(archive, flip, tmp_path / "bad.tar"))
    assert "media/original_images/foto.jpg does not match its checksum" in message
    assert_site_untouched(site_files)


def test_a_truncated_archive_is_refused(archive, site_files, tmp_path):
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = refused(cut)
    assert "truncated" in message
    assert_site_untouched(site_files)


def test_a_truncated_compressed_archive_is_refused(archive, site_files, good_archives, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(good_archives[".tar.gz"].read_bytes()[:-200])
    assert "truncated" in refused(cut)
    assert_site_untouched(site_files)


def test_damage_to_the_gzip_checksum_is_refused_though_every_file_checks_out(db, good_archives, site_files, tmp_path):
    data = bytearray(good_archives[".tar.gz"].read_bytes())
    data[-6] ^= 0xFF  # inside the CRC-32 that closes the gzip stream
    damaged = tmp_path / "crc.tar.gz"
    damaged.write_bytes(bytes(data))
    assert "compression is damaged" in refused(damaged)
    assert_site_untouched(site_files)


def test_a_damaged_tar_closing_block_is_refused(archive, site_files, tmp_path):
    data = bytearray(archive.read_bytes())
    data[-100] = ord("x")  # in the zero blocks that end the tar
    damaged = tmp_path / "closing.tar"
    damaged.write_bytes(bytes(data))
    assert "after its last file" in refused(damaged)
    assert_site_untouched(site_files)


def test_data_appended_after_a_compressed_archive_is_refused(db, good_archives, site_files, tmp_path):
    damaged = tmp_path / "tail.tar.gz"
    damaged.write_bytes(good_archives[".tar.gz"].read_bytes() + b"not part of the backup")
    assert "compression is damaged" in refused(damaged)
    assert_site_untouched(site_files)


def test_a_tar_without_its_closing_blocks_is_refused(archive, site_files, tmp_path):
    members = read_members(archive)
    with tarfile.open(archive) as tar:
        tar.getmembers()
        end = tar.offset
    cut = tmp_path / "unclosed.tar"
    cut.write_bytes(archive.read_bytes()[:end])
    assert "closing blocks" in refused(cut)
    assert members  # the members themselves were all there
    assert_site_untouched(site_files)


def test_a_file_the_manifest_does_not_list_is_refused(archive, site_files, tmp_path):
    message = refused(
        altered(archive, lambda members, manifest: members.update({"media/extra.txt": b"x"}), tmp_path / "bad.tar")
    )
    assert "does not list" in message
    assert_site_untouched(site_files)


def test_a_file_the_manifest_lists_but_the_archive_lacks_is_refused(archive, site_files, tmp_path):
    message = refused(
        altered(archive, lambda members, manifest: members.pop("media/original_images/foto.jpg"), tmp_path / "b.tar")
    )
    assert "lacks 1 file" in message
    assert_site_untouched(site_files)


def test_something_that_is_not_an_archive_is_refused(db, site_files, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not a tar file at all" * 10)
    assert "not a readable tar archive" in refused(junk)
    assert_site_untouched(site_files)


@pytest.mark.parametrize("name", ["../escaped.txt", "media/../../escaped.txt", "/tmp/escaped.txt"])
def test_paths_leading_out_of_the_archive_are_refused(archive, site_files, tmp_path, name):
    def smuggle(members, manifest):
        members[name] = b"owned"

    message = refused(altered(archive, smuggle, tmp_path / "bad.tar"))
    assert "unsafe path" in message
    assert not (tmp_path / "escaped.txt").exists()
    assert not (site_files.parent.parent / "escaped.txt").exists()
    assert_site_untouched(site_files)


def test_a_symlink_in_the_archive_is_refused(archive, site_files, tmp_path):
    members = read_members(archive)
    linked = write_members(tmp_path / "linked.tar", members, links={"media/passwd": "/etc/passwd"})
    assert "link or special file" in refused(linked)
    assert_site_untouched(site_files)


def test_an_archive_from_the_other_database_vendor_is_refused(archive, site_files, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def switch(members, manifest):
        old_name = backups.DATABASE_MEMBERS[connection.vendor]
        new_name = backups.DATABASE_MEMBERS[other]
        members[new_name] = members.pop(old_name)
        manifest["database"] = {"vendor": other, "file": new_name}
        for entry in manifest["files"]:
            if entry["path"] == old_name:
                entry["path"] = new_name

    message = refused(altered(archive, switch, tmp_path / "bad.tar"))
    assert f"holds a {other} database, but this site uses {connection.vendor}" in message
    assert_site_untouched(site_files)


def test_an_archive_with_migrations_newer_than_the_code_is_refused(archive, site_files, tmp_path):
    def from_the_future(members, manifest):
        manifest["migrations"]["articles"] = "9999_from_the_future"
        manifest["kabar_version"] = "9.0.0"

    message = refused(altered(archive, from_the_future, tmp_path / "bad.tar"))
    assert "made by a newer Kabar (9.0.0)" in message
    assert "articles.9999_from_the_future" in message
    assert_site_untouched(site_files)


def test_an_archive_in_a_newer_backup_format_is_refused(archive, site_files, tmp_path):
    message = refused(
        altered(archive, lambda members, manifest: manifest.update({"format_version": 2}), tmp_path / "bad.tar")
    )
    assert "backup format 2" in message
    assert_site_untouched(site_files)


def test_a_damaged_database_file_with_a_matching_checksum_is_refused(archive, site_files, tmp_path):
    """Even a consistent archive (rebuilt with new checksums) is refused when its database is broken."""

    def break_database(members, manifest):
        name = backups.DATABASE_MEMBERS[connection.vendor]
        members[name] = b"garbage" * 1000
        for entry in manifest["files"]:
            if entry["path"] == name:
                entry["size"] = len(members[name])
                entry["sha256"] = hashlib.sha256(members[name]).hexdigest()

    message = refused(altered(archive, break_database, tmp_path / "bad.tar"))
    assert "damaged" in message or "pg_restore failed" in message
    assert_site_untouched(site_files)
