"""Where Kabar keeps things: the database, uploaded media and static files (STORAGES).

README.md ("Configuration") variables read here: DATABASE_URL, KABAR_SQLITE_CACHE_MB,
KABAR_SQLITE_MMAP_MB and KABAR_MEDIA_DIR (KABAR_DATA_DIR, read in base.py, is the default home of
the SQLite file, the media and the collected static files).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from kabar.settings.base import DATA_DIR

# Database: SQLite under KABAR_DATA_DIR unless DATABASE_URL names another.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'kabar.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    # The embedded default must work from a bare checkout: `kabar migrate` makes its own home.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the worker writes; IMMEDIATE avoids lock upgrades that fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Each request has its own connection, so the page cache and the mapping last one request:
        # both count in a worker's resident memory, once per thread (docs/benchmarks.md, part 6).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            f"PRAGMA cache_size=-{int(os.environ.get('KABAR_SQLITE_CACHE_MB', 32)) * 1024}; "
            f"PRAGMA mmap_size={int(os.environ.get('KABAR_SQLITE_MMAP_MB', 256)) * 1024 * 1024};"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KABAR_MEDIA_DIR", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed copies made by `kabar collectstatic`: each release's pages name their own files.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
