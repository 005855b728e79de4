"""`kabar demo`: a believable newsroom to try Kabar with, and optionally a large archive to measure it with."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kabar.demo import queries, services


class Command(BaseCommand):
    help = gettext_lazy(
        "Seed a demo newsroom (sections, staff, people, sources, topics and articles). "
        "Safe to run again: only what is missing is created."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help=_("Do nothing if any article exists."))
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help=_("Also grow a bulk archive to N articles, 500 a day back in time, search-indexed as it is written."),
        )
        parser.add_argument(
            "--index-archive",
            action="store_true",
            help=_(
                "Only put the archive articles the search index lacks into it (for archives built before "
                "the archive was indexed), then stop."
            ),
        )
        parser.add_argument(
            "--password", help=_("Password for the penulis, redaktur and admin accounts (or KABAR_DEMO_PASSWORD).")
        )
        parser.add_argument("--content", type=Path, help=_("Another file in the format of demo/content/articles.json."))

    def handle(self, *args: object, **options: object) -> None:
        if_empty, articles, content = options["if_empty"], options["articles"], options["content"]
        if articles < 0:
            raise CommandError(_("--articles must be 0 or more."))
        if if_empty and queries.newsroom_has_articles():
            self.stdout.write(_("The newsroom already has articles; the demo leaves it alone."))
            return
        password = options["password"] or os.environ.get("KABAR_DEMO_PASSWORD") or None
        progress = options["verbosity"] > 0
        if options["index_archive"]:
            started = time.monotonic()
            added = services.index_archive(progress=progress)
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Search index: %(count)d archive article added in %(seconds).1f s.",
                        "Search index: %(count)d archive articles added in %(seconds).1f s.",
                        added,
                    )
                    % {"count": added, "seconds": time.monotonic() - started}
                )
            )
            return
        try:
            with quiet_page_logs(options["verbosity"] < 2):
                seeded = services.seed_newsroom(content, password=password, progress=progress)
                self.report_seeding(seeded)
                if articles:
                    started = time.monotonic()
                    archive = services.seed_archive(articles, content, progress=progress)
                    self.report_archive(archive, time.monotonic() - started)
        except services.DemoContentError as error:
            raise CommandError(str(error)) from error

    def report_seeding(self, report: services.SeedReport) -> None:
        # Unary plus drops the kinds a seeder counted but made none of.
        created = +report.created
        if not created:
            self.stdout.write(_("Demo newsroom: everything was already there; nothing changed."))
        else:
            parts = [f"{created[kind]} {label}" for kind, label in self.kinds() if created[kind]]
            self.stdout.write(self.style.SUCCESS(_("Demo newsroom created: %(parts)s.") % {"parts": ", ".join(parts)}))
        users = {"users": ", ".join(report.accounts)}
        if report.generated_password:
            self.stdout.write("")
            self.stdout.write(self.style.WARNING(_("Staff accounts %(users)s, password:") % users))
            self.stdout.write(f"    {report.generated_password}")
            self.stdout.write(_("It is shown only this once. Log in at /admin/."))
            self.stdout.write("")
        elif report.accounts:
            self.stdout.write(_("Staff accounts %(users)s use the password you gave.") % users)
        if report.password_reset:
            self.stdout.write(_("The staff accounts' password was changed to the one you gave."))
        if report.wire_desk is not None and report.wire_desk.files:
            self.stdout.write(
                _(
                    'Wire desk: the demo source "%(feed)s" fills within a minute once `kabar worker` runs '
                    "(`make serve` starts it); its agency files wait in %(folder)s."
                )
                % {"feed": report.wire_desk.feed.name, "folder": report.wire_desk.feed.folder_path}
            )

    def report_archive(self, report: services.ArchiveReport, seconds: float) -> None:
        if not report.created:
            self.stdout.write(
                _("Archive: already %(total)d articles; nothing added.") % {"total": report.total},
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Archive: %(count)d article added in %(seconds).1f s (%(total)d in the archive), ",
                    "Archive: %(count)d articles added in %(seconds).1f s (%(total)d in the archive), ",
                    report.created,
                )
                % {"count": report.created, "seconds": seconds, "total": report.total}
                + _("published between %(oldest)s and %(newest)s, %(folders)d new monthly folders.")
                % {
                    "oldest": f"{report.oldest:%Y-%m-%d}",
                    "newest": f"{report.newest:%Y-%m-%d}",
                    "folders": report.folders_created,
                }
            )
        )
        self.stdout.write(_("The archive articles are in the search index; they have no revisions."))

    @staticmethod
    def kinds() -> list[tuple[str, str]]:
        return [
            ("sections", _("sections")),
            ("section_colours", _("section colours")),
            ("topics", _("topics")),
            ("people", _("people")),
            ("sources", _("sources")),
            ("users", _("staff accounts")),
            ("articles", _("articles")),
            ("corrections", _("corrections")),
            ("images", _("images")),
            ("wire_feeds", _("wire feeds")),
            ("comments", _("comments")),
            ("plans", _("Kabar+ plans")),
            ("members", _("Kabar+ members")),
            ("readers", _("reader accounts")),
            ("ads", _("house ads")),
            ("standard_pages", _("standard pages")),
            ("live_reports", _("live reports")),
            ("live_updates", _("live updates")),
            ("newsletters", _("newsletters")),
            ("newsletter_subscribers", _("newsletter subscribers")),
            ("newsletter_editions", _("newsletter editions")),
        ]


@contextmanager
def quiet_page_logs(quiet: bool) -> Iterator[None]:
    """Wagtail logs a line per page created and published; hundreds of them would bury the progress bar."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "kabar.articles")]
    levels = [logger.level for logger in loggers]
    if quiet:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
