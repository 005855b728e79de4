from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "kabar.delivery"
    label = "delivery"
    verbose_name = _("Delivery")

    def ready(self) -> None:
        from kabar.delivery.purge import connect_receivers

        # Settings shown on every page purge every page.
        connect_receivers()
