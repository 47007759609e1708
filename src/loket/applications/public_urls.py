from django.urls import path

from loket.applications import public_views

app_name = "suket_public"
urlpatterns = [
    path("check/", public_views.suket_check, name="check"),
]
