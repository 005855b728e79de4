from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kabar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kabar.core.roles import apply_after_migrate

        # After every migrate and test flush: each staff role's group with the rights the apps declare.
        post_migrate.connect(apply_after_migrate, dispatch_uid="kabar.core.roles")

        from kabar.core.audit import connect_receivers

        # Staff logins and permission changes go in the audit log, whichever screen or script made them.
        connect_receivers()

        from kabar.core.ratelimit import share_with_allauth

        # allauth's login, sign-up and reset limits count where Kabar's do, shared by every process.
        share_with_allauth()

        from django.db.models.signals import post_save

        from kabar.core.brand import forget_brand
        from kabar.core.models import PublicationSettings

        # The brand (name, logo, colours, /brand.css) is cached per site: a saved change shows at once.
        post_save.connect(forget_brand, sender=PublicationSettings, dispatch_uid="kabar.core.brand")
