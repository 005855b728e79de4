from django.urls import path, register_converter

from kabar.comments import views


class IdConverter:
    """An id that fits a 64-bit integer column: a longer number would crash SQLite rather than find nothing."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "comments_id")

app_name = "comments"
urlpatterns = [
    path("<comments_id:article_id>/", views.comments_page, name="page"),
    path("<comments_id:article_id>/bagian/", views.comments_fragment, name="fragment"),
    path("<comments_id:article_id>/kirim/", views.post, name="post"),
    path("ubah/<comments_id:comment_id>/", views.edit, name="edit"),
    path("hapus/<comments_id:comment_id>/", views.delete, name="delete"),
    path("laporkan/<comments_id:comment_id>/", views.report, name="report"),
]
