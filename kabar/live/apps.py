from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """Live reports: one page that covers a breaking story as it happens, updates on top."""

    name = "kabar.live"
    label = "live"
    verbose_name = _("Live reports")
