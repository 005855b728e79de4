from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def set_up_site_tree(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from kabar.articles.services import ensure_site_tree

    ensure_site_tree()


class ArticlesConfig(AppConfig):
    name = "kabar.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        # After every migrate (and every test flush): the home page is the site's root, /topik/ under it.
        post_migrate.connect(set_up_site_tree, sender=self, dispatch_uid="kabar.articles.site_tree")

        from wagtail.signals import post_page_move

        from kabar.articles.services import refile_moved_articles

        post_page_move.connect(refile_moved_articles, dispatch_uid="kabar.articles.refile_moved_articles")

        from kabar.articles import caching

        # After refiling: a moved article's purge names the section it now sits in.
        caching.connect()

        from kabar.articles import receivers

        receivers.connect()
