"""The live reports' public URLs besides the report's own page (mounted through kabar_public_urls)."""

from django.urls import path, register_converter

from kabar.articles.urls import PageIdConverter
from kabar.live import feeds, views

register_converter(PageIdConverter, "live_id")

urlpatterns = [
    path("<live_id:report_id>/updates.json", views.updates_json, name="live_updates_json"),
    path("<live_id:report_id>/feed/", feeds.LiveUpdatesFeed(), name="live_feed"),
    path("<live_id:report_id>/pembaruan/<live_id:update_id>/", views.update_link, name="live_update"),
]
