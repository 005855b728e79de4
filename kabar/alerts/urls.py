from django.urls import path

from kabar.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("config/", views.config, name="config"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("subscription/", views.subscription, name="subscription"),
    path("invite/", views.invite, name="invite"),
    path("sw.js", views.service_worker, name="service_worker"),
]
