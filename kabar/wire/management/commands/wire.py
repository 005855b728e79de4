"""`kabar wire import --source NAME PATH...` and `kabar wire poll`: the wire desk from the command line.

Output lines are plain and stable (not translated) so scripts can read them; the last line of
an import is always `imported: N new, M updated, K unchanged, R refused`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from kabar.wire import services


class Command(BaseCommand):
    # Lazy, translated when shown; BaseCommand declares a str.
    help = cast(str, _("Import agency files into the wire desk, or poll the wire feeds that are due."))
    # Run from cron or a drop-folder script many times a day: the system checks belong to deploys, not here.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = str(self.help)  # argparse formats it as a plain string, not a lazy one
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help=str(_("Ingest files or folders for one source.")))
        importing.add_argument(
            "--source",
            required=True,
            help=str(_("The wire feed's name; a drop-folder feed (and a source) of that name is made if none exists.")),
        )
        importing.add_argument(
            "--language",
            default="",
            help=str(
                _("The language of items that do not give theirs (e.g. en, id); else it is read from their words.")
            ),
        )
        importing.add_argument("paths", nargs="+", type=Path, help=str(_("Files, or folders of files.")))
        polling = actions.add_parser("poll", help=str(_("Poll every enabled feed that is due, once.")))
        polling.add_argument("--all", action="store_true", help=str(_("Poll every enabled feed, due or not.")))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_paths(str(options["source"]).strip(), options["paths"], str(options["language"]).strip())
        else:
            self.poll(bool(options["all"]))

    def import_paths(self, source: str, paths: list[Path], language: str = "") -> None:
        if not source:
            raise CommandError("--source must name a source")
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        report = services.import_paths(source, paths, language)
        for result in report.files:
            self.stdout.write(result.line())
        self.stdout.write(report.summary())

    def poll(self, everything: bool) -> None:
        if everything:
            services.make_all_feeds_due()
        results = services.poll_due_feeds()
        for result in results:
            self.stdout.write(result.line())
        self.stdout.write(f"polled: {len(results)} feed(s), {sum(1 for r in results if not r.ok)} failed")
