"""Kabar's URLs with the snippet article's dated URL in front of Wagtail's catch-all."""

from django.urls import path

from bench.snippet_prototype import views
from kabar.articles import urls as _article_urls  # noqa: F401 - registers the yyyy and dd converters
from kabar.urls import handler404, handler500
from kabar.urls import urlpatterns as kabar_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path(
        "snippet/<slug:section>/read/<yyyy:year>/<dd:month>/<dd:day>/<int:pk>/<str:slug>/",
        views.article,
        name="snippet_article",
    ),
    *kabar_urlpatterns,
]
