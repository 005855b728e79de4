from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdsConfig(AppConfig):
    name = "kabar.ads"
    label = "ads"
    verbose_name = _("Ads")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from kabar.ads import receivers
        from kabar.ads.models import Creative, Placement

        for model in (Creative, Placement):
            post_save.connect(receivers.ads_changed, sender=model, dispatch_uid=f"kabar.ads.saved.{model.__name__}")
            post_delete.connect(receivers.ads_changed, sender=model, dispatch_uid=f"kabar.ads.deleted.{model.__name__}")
        post_save.connect(receivers.creative_saved, sender=Creative, dispatch_uid="kabar.ads.creative_image")
        for through in (Creative.placements.through, Creative.sections.through):
            m2m_changed.connect(receivers.ads_changed, sender=through, dispatch_uid=f"kabar.ads.m2m.{through.__name__}")
        post_migrate.connect(receivers.set_up_ads, sender=self, dispatch_uid="kabar.ads.setup")
