"""Backups that restore: the database and the media in one archive that is checked before it is used.

An archive is a tar file, plain or compressed (gzip or xz, chosen by its name):

    database/kabar.sqlite3   SQLite: a consistent copy taken with SQLite's online backup API
    database/kabar.pgdump    PostgreSQL: `pg_dump -Fc`
    media/...                every file under MEDIA_ROOT
    manifest.json            format version, time, Kabar version, database vendor, the latest
                             applied migration of each app, and every file's size and SHA-256

The manifest is written last, after the files it describes were hashed as they went in: a
truncated archive lacks it and is refused. Restoring checks the manifest and every member, then
reads the whole stream once more for the compression's own checksum and the tar's closing blocks,
unpacks into a staging folder and checks every checksum, before it touches the site; only then is
the database swapped (a file rename for SQLite, one transaction for PostgreSQL) and MEDIA_ROOT
replaced.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.metadata
import io
import json
import logging
import lzma
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

FORMAT = "kabar-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database/kabar.sqlite3", "postgresql": "database/kabar.pgdump"}
# A manifest lists every media file; even a large archive's stays far below this.
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
CHUNK = 1024 * 1024
# How long a SQLite backup waits for a writer in another process to let go (seconds).
SQLITE_LOCK_WAIT = 120
# How an archive's name says it is compressed; tarfile's mode suffix for each.
COMPRESSIONS = {".tar": "", ".tar.gz": "gz", ".tgz": "gz", ".tar.xz": "xz"}
# What a damaged compressed stream or tar raises while it is read.
DAMAGE_ERRORS = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, UnicodeDecodeError)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PG_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message tells the operator why."""


class RestoreCancelled(BackupError):
    """The operator said no: nothing was changed."""


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format_version: int
    created_at: str
    kabar_version: str
    database_vendor: str
    migrations: dict[str, str]
    files: tuple[FileEntry, ...]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.database_vendor]

    @property
    def media_files(self) -> list[FileEntry]:
        return [entry for entry in self.files if entry.path.startswith(MEDIA_PREFIX)]

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "created_at": self.created_at,
            "kabar_version": self.kabar_version,
            "database": {"vendor": self.database_vendor, "file": self.database_member},
            "migrations": self.migrations,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """The manifest, or BackupError when it is not one this Kabar can trust and read."""
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise BackupError(_("The archive's manifest is not valid JSON: the archive is damaged.")) from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(_("This is not a Kabar backup (its manifest does not say so)."))
        version = data.get("format_version")
        if not isinstance(version, int) or version < 1:
            raise BackupError(_("The archive's manifest has no valid format version: the archive is damaged."))
        if version > FORMAT_VERSION:
            raise BackupError(
                _("The archive is in backup format %(found)s; this Kabar reads format %(known)s. Upgrade Kabar.")
                % {"found": version, "known": FORMAT_VERSION}
            )
        try:
            vendor = data["database"]["vendor"]
            migrations = data["migrations"]
            files = tuple(
                FileEntry(path=str(item["path"]), size=item["size"], sha256=str(item["sha256"]))
                for item in data["files"]
            )
            manifest = cls(
                format_version=version,
                created_at=str(data["created_at"]),
                kabar_version=str(data["kabar_version"]),
                database_vendor=str(vendor),
                migrations={str(app): str(name) for app, name in migrations.items()},
                files=files,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise BackupError(_("The archive's manifest is incomplete: the archive is damaged.")) from error
        manifest.check_shape()
        return manifest

    def check_shape(self) -> None:
        if self.database_vendor not in DATABASE_MEMBERS:
            raise BackupError(
                _("The archive holds a %(vendor)s database, which Kabar cannot restore.")
                % {"vendor": self.database_vendor}
            )
        seen: set[str] = set()
        for entry in self.files:
            safe_member_name(entry.path)
            if entry.path in seen:
                raise BackupError(_("The manifest lists %(path)s twice.") % {"path": entry.path})
            seen.add(entry.path)
            valid_size = isinstance(entry.size, int) and not isinstance(entry.size, bool) and entry.size >= 0
            if not valid_size or not _SHA256.match(entry.sha256):
                raise BackupError(_("The manifest's entry for %(path)s is damaged.") % {"path": entry.path})
            if entry.path != self.database_member and not entry.path.startswith(MEDIA_PREFIX):
                raise BackupError(_("The manifest lists an unexpected file: %(path)s.") % {"path": entry.path})
        if self.database_member not in seen:
            raise BackupError(_("The manifest lists no database file: the archive is damaged."))


def safe_member_name(name: str) -> str:
    """`name` if it stays inside the folder it is unpacked into; BackupError for ../, absolute paths and the like."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise BackupError(_("The archive holds an unsafe path: %(path)r. Nothing was restored.") % {"path": name})
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise BackupError(_("The archive holds an unsafe path: %(path)r. Nothing was restored.") % {"path": name})
    return "/".join(parts)


# --- making a backup -------------------------------------------------------------------------


def archive_compression(path: Path) -> str:
    """tarfile's compression for an archive named `path` (".tar", ".tar.gz", ".tgz" or ".tar.xz")."""
    name = path.name.lower()
    for suffix in sorted(COMPRESSIONS, key=len, reverse=True):
        if name.endswith(suffix):
            return COMPRESSIONS[suffix]
    raise BackupError(
        _("The archive's name must end in .tar, .tar.gz, .tgz or .tar.xz (got %(name)s).") % {"name": path.name}
    )


def default_archive_name(now: dt.datetime | None = None) -> str:
    moment = timezone.localtime(now or timezone.now())
    return f"kabar-backup-{moment:%Y%m%d-%H%M%S}.tar.gz"


def kabar_version() -> str:
    try:
        return importlib.metadata.version("kabar")
    except importlib.metadata.PackageNotFoundError:
        from kabar import __version__

        return __version__


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app, as recorded in the database."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    by_app: dict[str, list[tuple[str, str]]] = {}
    for key in loader.applied_migrations:
        by_app.setdefault(key[0], []).append(key)

    def depth(key: tuple[str, str]) -> tuple[int, str]:
        # The migration with the longest chain of dependencies is the app's latest.
        return (len(loader.graph.forwards_plan(key)) if key in loader.graph.nodes else -1, key[1])

    return {app: max(keys, key=depth)[1] for app, keys in sorted(by_app.items())}


def create_backup(destination: Path, *, using: str = "default") -> tuple[Path, Manifest]:
    """Write the database and MEDIA_ROOT to one archive at `destination` (a file name, or a folder).

    The archive is written under a temporary name beside the destination and renamed into place,
    so a crash never leaves a half-written file under the final name. It holds password hashes and
    personal data, so it is readable by its owner only.
    """
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_archive_name()
    compression = archive_compression(destination)
    if not destination.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": destination.parent})
    media_root = Path(settings.MEDIA_ROOT)
    if destination.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            _("Write the backup outside MEDIA_ROOT (%(media)s), or it would hold itself.") % {"media": media_root}
        )
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(_("Kabar backs up SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    migrations = applied_migrations(connection)
    created_at = timezone.now().isoformat()

    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".kabar-backup-") as work_dir:
        work = Path(work_dir)
        database_file = work / "database"
        # The database first, then the media: every file the database names was on disk before it.
        if vendor == "sqlite":
            dump_sqlite(connection, database_file)
        else:
            dump_postgresql(connection.settings_dict, database_file)
        partial = work / "archive.partial"
        with tarfile.open(partial, f"w:{compression}" if compression else "w", format=tarfile.PAX_FORMAT) as tar:
            entries = [add_file(tar, database_file, DATABASE_MEMBERS[vendor])]
            for path, relative in media_files(media_root):
                entries.append(add_file(tar, path, MEDIA_PREFIX + relative))
            manifest = Manifest(
                format_version=FORMAT_VERSION,
                created_at=created_at,
                kabar_version=kabar_version(),
                database_vendor=vendor,
                migrations=migrations,
                files=tuple(entries),
            )
            add_bytes(tar, MANIFEST_NAME, manifest.to_json())
        os.chmod(partial, 0o600)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, destination)
    logger.info("backup written to %s (%d files)", destination, len(manifest.files))
    return destination, manifest


def media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its path relative to it, in a stable order."""
    if not media_root.is_dir():
        return
    for folder, subfolders, files in os.walk(media_root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                # A restore refuses links, so a backup never carries one.
                logger.warning("backup: skipping %s, which is not a regular file", path)
                continue
            yield path, path.relative_to(media_root).as_posix()


class _HashingReader:
    """Reads a file for tarfile, hashing exactly the bytes that go into the archive."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def add_file(tar: tarfile.TarFile, path: Path, name: str) -> FileEntry:
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        # The size when opened: a file that grows meanwhile is archived, and hashed, as it was then.
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o644
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return FileEntry(path=name, size=reader.size, sha256=reader.digest.hexdigest())


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> None:
    """A consistent copy of the live SQLite database, taken while the site keeps running.

    The online backup API copies one snapshot (WAL readers never block writers), and the copy is
    turned into a single self-contained file (no -wal beside it) and checked.
    """
    if connection.in_atomic_block:
        # SQLite cannot copy a database from inside its own unfinished write: it would wait forever.
        raise BackupError(_("A backup cannot be made inside a database transaction."))
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    deadline = time.monotonic() + SQLITE_LOCK_WAIT

    def give_up_when_locked_too_long(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(_("The database stayed locked for %(seconds)d seconds.") % {"seconds": SQLITE_LOCK_WAIT})

    try:
        connection.connection.backup(copy, progress=give_up_when_locked_too_long)
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if check != "ok":
        raise BackupError(_("The database copy failed its integrity check: %(result)s") % {"result": check})


def postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the database in `settings_dict`: no password on a command line."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
        "PGSSLMODE": options.get("sslmode", ""),
    }
    for key, value in values.items():
        if value:
            env[key] = str(value)
        else:
            env.pop(key, None)
    return env


def postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s was not found: install the PostgreSQL client tools (the server's version or newer).")
            % {"tool": name}
        )
    return found


def run_postgres_tool(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(
            _("%(tool)s failed: %(detail)s") % {"tool": Path(args[0]).name, "detail": detail or result.returncode}
        )
    return result.stdout


def dump_postgresql(settings_dict: dict[str, Any], target: Path) -> None:
    # pg_dump takes one consistent snapshot of the database while the site keeps running.
    run_postgres_tool(
        [postgres_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        postgres_environment(settings_dict),
    )


# --- checking and restoring ------------------------------------------------------------------


def check_compatible(manifest: Manifest, connection: BaseDatabaseWrapper) -> None:
    """Refuse an archive from another database vendor, or one whose migrations this code does not have."""
    if manifest.database_vendor != connection.vendor:
        raise BackupError(
            _(
                "The archive holds a %(archive)s database, but this site uses %(site)s. Restore it on a site with "
                "the same database (DATABASE_URL)."
            )
            % {"archive": manifest.database_vendor, "site": connection.vendor}
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    unknown = sorted(f"{app}.{name}" for app, name in manifest.migrations.items() if (app, name) not in known)
    if unknown:
        raise BackupError(
            _(
                "The archive was made by a newer Kabar (%(version)s): this code does not have its migrations "
                "%(migrations)s. Upgrade Kabar, then restore."
            )
            % {"version": manifest.kabar_version, "migrations": ", ".join(unknown)}
        )


def open_archive(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError(_("No such archive: %(path)s") % {"path": archive})
    try:
        return tarfile.open(archive, "r:*")
    except DAMAGE_ERRORS as error:
        raise BackupError(
            _("%(path)s is not a readable tar archive (damaged or truncated?): %(error)s")
            % {"path": archive, "error": error}
        ) from error


def read_manifest(tar: tarfile.TarFile) -> tuple[Manifest, dict[str, tarfile.TarInfo]]:
    """The manifest and the archive's file members, once every member has been checked for safety."""
    files: dict[str, tarfile.TarInfo] = {}
    manifest_member = None
    try:
        members = tar.getmembers()
    except DAMAGE_ERRORS as error:
        raise BackupError(_("The archive is damaged or truncated: %(error)s") % {"error": error}) from error
    for member in members:
        name = safe_member_name(member.name)
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(
                _("The archive holds a link or special file (%(path)s), which Kabar never makes. Nothing was restored.")
                % {"path": member.name}
            )
        if name in files or (name == MANIFEST_NAME and manifest_member is not None):
            raise BackupError(_("The archive holds %(path)s twice.") % {"path": name})
        if name == MANIFEST_NAME:
            manifest_member = member
        else:
            files[name] = member
    if manifest_member is None:
        raise BackupError(_("The archive has no manifest: it is truncated, damaged, or not a Kabar backup."))
    if manifest_member.size > MANIFEST_MAX_BYTES:
        raise BackupError(_("The archive's manifest is implausibly large."))
    try:
        raw = tar.extractfile(manifest_member).read()  # type: ignore[union-attr]
    except DAMAGE_ERRORS as error:
        raise BackupError(_("The archive is damaged or truncated: %(error)s") % {"error": error}) from error
    manifest = Manifest.from_json(raw)
    listed = {entry.path: entry for entry in manifest.files}
    missing = sorted(set(listed) - set(files))
    extra = sorted(set(files) - set(listed))
    if missing:
        raise BackupError(
            ngettext(
                "The archive lacks %(count)d file its manifest lists, %(path)s: it is damaged or truncated.",
                "The archive lacks %(count)d files its manifest lists, such as %(path)s: it is damaged or truncated.",
                len(missing),
            )
            % {"count": len(missing), "path": missing[0]}
        )
    if extra:
        raise BackupError(
            ngettext(
                "The archive holds %(count)d file its manifest does not list, %(path)s: it was altered.",
                "The archive holds %(count)d files its manifest does not list, such as %(path)s: it was altered.",
                len(extra),
            )
            % {"count": len(extra), "path": extra[0]}
        )
    for name, member in files.items():
        if member.size != listed[name].size:
            raise BackupError(
                _("%(path)s has another size than its manifest says: the archive is damaged or was altered.")
                % {"path": name}
            )
    return manifest, files


# How a compressed archive begins (tarfile opens archives by their content, and so does the check below).
GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"
TAR_BLOCK = 512


def open_decompressed(archive: Path) -> io.BufferedIOBase:
    with open(archive, "rb") as handle:
        magic = handle.read(len(XZ_MAGIC))
    if magic.startswith(GZIP_MAGIC):
        return gzip.open(archive, "rb")
    if magic == XZ_MAGIC:
        return lzma.open(archive, "rb")
    return open(archive, "rb")


def check_wrapping(archive: Path, end_of_members: int) -> None:
    """Refuse an archive whose compression or tar framing is damaged, though every file in it checks out.

    tarfile stops quietly at a damaged header after the first member and never reads a compressed
    stream to its end, where gzip keeps its CRC and length and xz its check: damage there would pass.
    So the whole stream is read once more to its end, and what follows the last member (`end_of_members`,
    in the uncompressed tar) must be the tar's closing zero blocks and nothing else.
    """
    try:
        with open_decompressed(archive) as stream:
            remaining = end_of_members
            while remaining:
                chunk = stream.read(min(CHUNK, remaining))
                if not chunk:
                    raise EOFError("the archive ends inside its last member")
                remaining -= len(chunk)
            closing = 0
            while chunk := stream.read(CHUNK):
                if chunk.count(0) != len(chunk):
                    raise BackupError(
                        _(
                            "The archive holds damaged or unexpected data after its last file (a damaged tar "
                            "header?). Nothing was restored."
                        )
                    )
                closing += len(chunk)
    except (OSError, *DAMAGE_ERRORS) as error:
        raise BackupError(
            _("The archive's compression is damaged (its checksum or length does not match): %(error)s")
            % {"error": error}
        ) from error
    if closing < 2 * TAR_BLOCK:
        raise BackupError(_("The archive lacks the tar's closing blocks: it is truncated or damaged."))


def extract_verified(tar: tarfile.TarFile, manifest: Manifest, files: dict[str, tarfile.TarInfo], into: Path) -> None:
    """Unpack every file into `into`, checking each one's SHA-256 against the manifest."""
    root = into.resolve()
    listed = {entry.path: entry for entry in manifest.files}
    for name, member in files.items():
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            raise BackupError(_("The archive holds an unsafe path: %(path)r. Nothing was restored.") % {"path": name})
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            source = tar.extractfile(member)
            with open(target, "xb") as out:
                while chunk := source.read(CHUNK):  # type: ignore[union-attr]
                    digest.update(chunk)
                    out.write(chunk)
        except DAMAGE_ERRORS as error:
            raise BackupError(
                _("The archive is damaged or truncated at %(path)s: %(error)s") % {"path": name, "error": error}
            ) from error
        if digest.hexdigest() != listed[name].sha256:
            raise BackupError(
                _("%(path)s does not match its checksum: the archive is damaged or was altered. Nothing was restored.")
                % {"path": name}
            )


def check_database_file(manifest: Manifest, staged: Path, settings_dict: dict[str, Any]) -> None:
    if manifest.database_vendor == "sqlite":
        try:
            copy = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
            try:
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise BackupError(_("The archived database is damaged: %(result)s") % {"result": result})
    else:
        # pg_restore reads the whole table of contents: a damaged dump fails here, before anything is dropped.
        run_postgres_tool([postgres_tool("pg_restore"), "--list", str(staged)], postgres_environment(settings_dict))


def restore_backup(
    archive: Path,
    *,
    confirm: Callable[[Manifest], bool] | None = None,
    using: str = "default",
) -> Manifest:
    """Replace the site's database and MEDIA_ROOT with an archive's, once the whole archive checks out.

    `confirm` is asked after every check has passed; when it says no, nothing has been changed.
    """
    archive = Path(archive)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with open_archive(archive) as tar:
        manifest, files = read_manifest(tar)
        check_wrapping(archive, tar.offset)
        check_compatible(manifest, connection)
        # Staged beside MEDIA_ROOT, so the media can be swapped in by renaming a folder.
        staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".kabar-restore-"))
        keep_staging = False
        try:
            extract_verified(tar, manifest, files, staging)
            staged_database = staging / manifest.database_member
            check_database_file(manifest, staged_database, connection.settings_dict)
            database_path = sqlite_file(connection) if manifest.database_vendor == "sqlite" else None
            if confirm is not None and not confirm(manifest):
                raise RestoreCancelled(_("Restore cancelled: nothing was changed."))
            if database_path is not None:
                swap_sqlite(connection, staged_database, database_path)
            else:
                restore_postgresql(connection, staged_database, staging)
            logger.info("restore: database replaced from %s", archive)
            try:
                swap_media(staging / "media", media_root)
            except OSError as error:
                keep_staging = True
                raise BackupError(
                    _(
                        "The database was restored, but the media could not replace %(media)s: %(error)s. The "
                        "restored media are in %(staged)s; move them there by hand."
                    )
                    % {"media": media_root, "error": error, "staged": staging / "media"}
                ) from error
            logger.info("restore: media replaced from %s (%d files)", archive, len(manifest.media_files))
        finally:
            if not keep_staging:
                shutil.rmtree(staging, ignore_errors=True)
    return manifest


def sqlite_file(connection: BaseDatabaseWrapper) -> Path:
    if connection.is_in_memory_db():
        raise BackupError(_("This site's SQLite database is in memory: there is no file to restore into."))
    return Path(str(connection.settings_dict["NAME"]))


def swap_sqlite(connection: BaseDatabaseWrapper, staged: Path, database: Path) -> None:
    """Put the staged database in place with one rename, so the site sees the old file or the new one."""
    database.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=database.parent, prefix=".kabar-restore-", suffix=".sqlite3")
    os.close(handle)
    incoming = Path(name)
    try:
        shutil.copyfile(staged, incoming)
        # The new file gets the old one's permissions, so the site's own user can still write to it.
        if database.exists():
            shutil.copymode(database, incoming)
        else:
            os.chmod(incoming, 0o644)
        with open(incoming, "rb") as written:
            os.fsync(written.fileno())
        connection.close()
        if database.exists():
            # Fold the old write-ahead log into the old file and empty it: a log left beside the new
            # file would be replayed into it.
            old = sqlite3.connect(database)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                old.close()
        os.replace(incoming, database)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def postgres_tables(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {row[0] for row in cursor.fetchall()}


def restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, work: Path) -> None:
    """Restore `dump` in one transaction: the database is either wholly the archive's or untouched.

    pg_restore --clean --if-exists --no-owner writes the restore as SQL; tables the archive does not
    have (made by later migrations) are dropped first, so `kabar migrate` can make them again.
    psql runs both in a single transaction and stops at the first error.
    """
    env = postgres_environment(connection.settings_dict)
    pg_restore = postgres_tool("pg_restore")
    psql = postgres_tool("psql")
    archived_tables = set()
    for line in run_postgres_tool([pg_restore, "--list", str(dump)], env).splitlines():
        match = _PG_TOC_TABLE.match(line)
        if match:
            archived_tables.add(match.group(2))
    extra_tables = sorted(postgres_tables(connection) - archived_tables)
    connection.close()
    script = work / "restore.sql"
    run_postgres_tool(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", f"--file={script}", str(dump)], env
    )
    prelude = work / "prelude.sql"
    prelude.write_text(
        "".join(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE;\n" for table in extra_tables)
    )
    try:
        run_postgres_tool(
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--single-transaction", "--set=ON_ERROR_STOP=1",
             f"--file={prelude}", f"--file={script}"],
            env,
        )  # fmt: skip
    except BackupError as error:
        raise BackupError(
            _("The database restore failed and was rolled back: the site's database is unchanged. %(error)s")
            % {"error": error}
        ) from error


def swap_media(staged: Path, media_root: Path) -> None:
    """MEDIA_ROOT becomes the staged folder: renamed into place, the old one removed afterwards."""
    staged.mkdir(parents=True, exist_ok=True)
    if not media_root.exists():
        os.rename(staged, media_root)
        return
    old = media_root.with_name(f".{media_root.name}.replaced-{os.getpid()}")
    try:
        os.rename(media_root, old)
    except OSError:
        # MEDIA_ROOT is a mount point or otherwise cannot move: replace what is inside it instead.
        replace_folder_contents(staged, media_root)
        return
    try:
        os.rename(staged, media_root)
    except OSError:
        os.rename(old, media_root)
        raise
    shutil.rmtree(old, ignore_errors=True)


def replace_folder_contents(staged: Path, folder: Path) -> None:
    for child in list(folder.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in list(staged.iterdir()):
        shutil.move(str(child), folder / child.name)
