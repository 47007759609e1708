from django.urls import path

from loket.applications import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
]
