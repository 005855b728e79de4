"""`kabar restore PATH`: put a backup back, after checking all of it; asks first unless --yes."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabar.delivery.purge import SITE, purge_keys
from kabar.operations.backups import BackupError, Manifest, RestoreCancelled, restore_backup

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup made by `kabar backup`: the database and MEDIA_ROOT are replaced. The archive is "
        "checked in full (manifest, checksums, database vendor, migrations) before anything is touched. "
        "Stop `kabar serve` and `kabar worker` first."
    )
    # A site being restored may have no tables yet: nothing here may need them before the restore.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("The archive to restore."))
        parser.add_argument(
            "--yes", "--noinput", "--no-input", dest="yes", action="store_true", help=_("Do not ask for confirmation.")
        )

    def handle(self, *args: object, path: Path, yes: bool, **options: object) -> None:
        try:
            manifest = restore_backup(path, confirm=None if yes else self.confirm)
        except RestoreCancelled as cancelled:
            self.stdout.write(str(cancelled))
            return
        except BackupError as error:
            logger.error("restore of %s refused or failed: %s", path, error)
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(path)s: the database and %(count)d media files, as of %(created)s.")
            % {"path": path, "count": len(manifest.media_files), "created": manifest.created_at}
        )
        if self.migrations_pending():
            self.stdout.write(_("The backup is from an older Kabar: run `kabar migrate` now."))
        try:
            # Cached pages show the replaced content: every public page is rendered afresh.
            purge_keys([SITE], hard=True)
        except Exception:
            logger.exception("restore: could not purge the page cache")
            self.stdout.write(
                _("The page cache could not be purged: cached pages may show the old content for a while.")
            )

    def confirm(self, manifest: Manifest) -> bool:
        self.stdout.write(
            _(
                "The archive checks out: made %(created)s by Kabar %(version)s, a %(vendor)s database and "
                "%(count)d media files."
            )
            % {
                "created": manifest.created_at,
                "version": manifest.kabar_version,
                "vendor": manifest.database_vendor,
                "count": len(manifest.media_files),
            }
        )
        self.stdout.write(_("This replaces the site's whole database and everything in MEDIA_ROOT."))
        try:
            # Translators: keep 'yes' untranslated: it is always accepted (so is your translation of "yes").
            answer = input(_("Type 'yes' to restore: "))
        except EOFError:
            answer = ""
        return answer.strip().lower() in {"yes", _("yes").lower()}

    def migrations_pending(self) -> bool:
        executor = MigrationExecutor(connections["default"])
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
