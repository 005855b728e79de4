from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kabar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from kabar.core.audit import connect_receivers

        # Staff logins and permission changes go in the audit log, whichever screen or script made them.
        connect_receivers()

        from kabar.core.purge import connect_receivers as connect_purges

        # Settings shown on every page purge every page.
        connect_purges()
