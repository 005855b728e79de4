from django.urls import path

from kabar.ads import views

app_name = "ads"
urlpatterns = [
    path("i/", views.impressions, name="impressions"),
    path("k/<int:creative_id>/", views.click, name="click"),
]
