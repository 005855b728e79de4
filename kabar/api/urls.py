from django.urls import path

from kabar.api.api import api_router

urlpatterns = [path("v2/", api_router.urls)]
