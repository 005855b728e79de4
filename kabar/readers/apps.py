from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    name = "kabar.readers"
    label = "readers"
    verbose_name = _("Readers")

    def ready(self) -> None:
        from django.core.checks import register

        from kabar.readers.checks import reader_data_hooks

        register(reader_data_hooks)
