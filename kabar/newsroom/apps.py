from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def set_up_newsroom(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from kabar.articles.services import ensure_site_tree
    from kabar.newsroom.services import ensure_newsroom

    ensure_newsroom(ensure_site_tree())


class NewsroomConfig(AppConfig):
    name = "kabar.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        # After every migrate: the review workflow exists (the roles' rights: kabar.core.roles).
        post_migrate.connect(set_up_newsroom, sender=self, dispatch_uid="kabar.newsroom.setup")
