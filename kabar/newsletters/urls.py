"""The newsletters' public URLs, mounted at /nawala/ through kabar_public_urls (wagtail_hooks.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kabar.newsletters import views, webhooks

app_name = "newsletters"

urlpatterns: list[URLPattern] = [
    # ---- subscribers ----
    path("", views.signup, name="signup"),
    path("daftar/", views.subscribe, name="subscribe"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("atur/<str:token>/", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The List-Unsubscribe target (RFC 8058): the same view, its own address so mail logs tell the two apart.
    path("berhenti/<str:token>/satu-klik/", views.unsubscribe, name="one_click_unsubscribe"),
    path("akun/", views.account, name="account"),
    # ---- editions ----
    # ---- events ----
    # The mail providers' tracking webhooks: /nawala/webhooks/mailgun/tracking/, .../postmark/tracking/, ...
    *webhooks.tracking_urls(prefix="webhooks/"),
]
