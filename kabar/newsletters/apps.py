from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Newsletters: lists readers subscribe to, editions the newsroom sends, and what became of each mail."""

    name = "kabar.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")
