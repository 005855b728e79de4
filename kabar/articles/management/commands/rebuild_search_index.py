"""`kabar rebuild_search_index`: write readers' search entries again for every findable article.

Publishing keeps the entries current on its own (through the worker); this is for a database
restored or copied without them, or after changing how the words are stemmed. Wagtail's own
index, which the admin's page search uses, is rebuilt with `kabar update_index`.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabar.articles import services
from kabar.delivery.purge import SEARCH, purge_keys


class Command(BaseCommand):
    help = gettext_lazy("Write the search entries of every live, public article again.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help=gettext_lazy("Do not show a progress bar."))

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        written = services.rebuild_search_index(progress=not options["no_progress"])
        purge_keys([SEARCH])
        self.stdout.write(
            _("Search index: %(count)d articles in %(seconds).1f s.")
            % {"count": written, "seconds": time.monotonic() - started}
        )
