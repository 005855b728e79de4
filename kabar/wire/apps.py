from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def remove_from_search_index(sender: type, instance: object, **kwargs: object) -> None:
    from wagtail.search.index import remove_object

    remove_object(instance)


class WireConfig(AppConfig):
    name = "kabar.wire"
    label = "wire"
    verbose_name = _("Wire")

    def ready(self) -> None:
        from kabar.wire.models import WireItem

        # WireItem is indexed in batches by the ingest (search_auto_update is off), so Wagtail's own
        # handlers are not connected: deleted items leave the index here.
        post_delete.connect(remove_from_search_index, sender=WireItem, dispatch_uid="kabar.wire.unindex")
