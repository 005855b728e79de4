from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kabar.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from kabar.people import caching

        caching.connect()
