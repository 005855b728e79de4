"""The reader's pages, mounted at /akun/ before django-allauth's (login/, signup/, logout/, password/...)."""

from django.urls import path, register_converter

from kabar.articles.urls import PageIdConverter
from kabar.readers import views

register_converter(PageIdConverter, "page_id")

app_name = "readers"
urlpatterns = [
    path("", views.account, name="account"),
    path("status/", views.status, name="status"),
    path("saya/", views.entry, name="entry"),
    path("profil/", views.profile, name="profile"),
    path("tersimpan/", views.saved, name="saved"),
    path("simpan/<page_id:article_id>/", views.save_article, name="save_article"),
    path("riwayat/", views.history, name="history"),
    path("riwayat/hapus/", views.clear_history, name="clear_history"),
    path("untuk-anda/", views.for_you, name="for_you"),
    path("ikuti/<slug:kind_slug>/<page_id:target_id>/", views.follow, name="follow"),
    path("data/", views.export_data, name="export_data"),
    path("hapus/", views.delete_account, name="delete_account"),
    path("terhapus/", views.deleted, name="deleted"),
]
