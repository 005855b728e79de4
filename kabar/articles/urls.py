from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.decorators.cache import cache_page

from kabar.articles import feeds, sitemaps, views


class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


class PageIdConverter:
    """An id that fits the database's 64-bit integer: longer numbers crash SQLite rather than find nothing."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(PageIdConverter, "id")
register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")

urlpatterns = [
    path(
        "<slug:section>/read/<yyyy:year>/<dd:month>/<dd:day>/<id:pk>/<str:slug>/",
        views.article,
        name="article",
    ),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("penulis/<slug:slug>/", views.author, name="author"),
    path("search/", views.search, name="search"),
    path("hit/<id:pk>/", views.hit, name="article_hit"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("<slug:section>/feed/", feeds.LatestArticlesFeed(), name="section_feed"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap.xml", cache_page(300)(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<section>.xml",
        cache_page(300)(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
]
