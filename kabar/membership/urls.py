from django.urls import path

from kabar.membership import views

app_name = "membership"
urlpatterns = [
    path("", views.join, name="join"),
    path("gabung/<slug:plan>/", views.checkout, name="checkout"),
    path("pesanan/<str:order_id>/", views.order, name="order"),
    path("akun/", views.account, name="account"),
    path("kuitansi/<str:order_id>/", views.receipt, name="receipt"),
    path("notifikasi/<slug:gateway>/", views.notification, name="notification"),
    path("sandbox/bayar/<str:order_id>/", views.sandbox_pay, name="sandbox_pay"),
]
