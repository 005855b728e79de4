from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """Live reports: one page that covers a breaking story as it happens, updates on top."""

    name = "kabar.live"
    label = "live"
    verbose_name = _("Live reports")

    def ready(self) -> None:
        from kabar.articles.models import ArchiveFolderPage
        from kabar.live import receivers

        # Folders hold articles (a content decision of `articles`, which may not name a feature app):
        # this app adds its page type there itself, so leaving it out leaves no page type behind.
        if "live.LiveReportPage" not in ArchiveFolderPage.subpage_types:
            ArchiveFolderPage.subpage_types = [*ArchiveFolderPage.subpage_types, "live.LiveReportPage"]
        receivers.connect()
