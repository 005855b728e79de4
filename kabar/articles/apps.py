from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "kabar.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from wagtail.signals import post_page_move

        from kabar.articles.services import refile_moved_articles

        post_page_move.connect(refile_moved_articles, dispatch_uid="kabar.articles.refile_moved_articles")

        from kabar.articles import caching

        # After refiling: a moved article's purge names the section it now sits in.
        caching.connect()

        from kabar.articles import receivers

        receivers.connect()
