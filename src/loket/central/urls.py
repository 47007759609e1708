from django.urls import path

from loket.central import views

urlpatterns = [
    path("healthz", views.healthz),
    path("api/v1/ping", views.ping),
    path("api/v1/packets", views.packets),
    path("api/v1/packets/status", views.packets_status),
]
