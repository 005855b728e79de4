from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def release_alerts_on_publish(sender: type, instance: object, **kwargs: object) -> None:
    from kabar.alerts.services import release_waiting_alerts
    from kabar.articles.models import ArticlePage

    if isinstance(instance, ArticlePage):
        release_waiting_alerts(instance.pk)


class AlertsConfig(AppConfig):
    name = "kabar.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from wagtail.signals import page_published

        # "Send when published": however the article goes live (the editor, the scheduler), its alerts go.
        page_published.connect(release_alerts_on_publish, dispatch_uid="kabar.alerts.release_on_publish")
