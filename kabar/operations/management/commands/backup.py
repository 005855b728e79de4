"""`kabar backup PATH`: the database and the media in one archive, while the site keeps running."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabar.operations.backups import BackupError, create_backup

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up the database and the media (MEDIA_ROOT) into one archive with a manifest of checksums. "
        "PATH is a file ending in .tar, .tar.gz, .tgz or .tar.xz, or a folder for a dated .tar.gz."
    )
    # Run from cron: the system checks belong to deploys, not to every backup.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("The archive to write, or a folder to write it in."))

    def handle(self, *args: object, path: Path, **options: object) -> None:
        try:
            written, manifest = create_backup(path)
        except BackupError as error:
            logger.error("backup to %s failed: %s", path, error)
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        # One plain line that scripts can read: the path first.
        self.stdout.write(f"{written} ({len(manifest.files)} files, {size} bytes)")
