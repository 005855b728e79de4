"""The live reports' public URLs besides the report's own page (mounted through kabar_public_urls)."""

from django.urls import path, register_converter

from kabar.live import feeds, views


class IdConverter:
    """An id that fits the database's 64-bit integer: longer numbers crash SQLite rather than find nothing."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "live_id")

urlpatterns = [
    path("<live_id:report_id>/updates.json", views.updates_json, name="live_updates_json"),
    path("<live_id:report_id>/feed/", feeds.LiveUpdatesFeed(), name="live_feed"),
    path("<live_id:report_id>/pembaruan/<live_id:update_id>/", views.update_link, name="live_update"),
]
