from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages a news site must have: standard pages, the masthead, right of reply, corrections."""

    name = "kabar.pages"
    label = "pages"
    verbose_name = _("Standard pages")

    def ready(self) -> None:
        from kabar.articles.models import HomePage
        from kabar.pages import caching
        from kabar.pages.models import HOME_PAGE_CHILDREN

        # The home page's children are a content decision of `articles`, which may not name a feature
        # app: this app adds its page types there itself, so taking it out (KABAR_WITHOUT_APPS=pages)
        # takes them out of the "Add child page" choices with it.
        HomePage.subpage_types = [*HomePage.subpage_types, *HOME_PAGE_CHILDREN]
        caching.connect()
