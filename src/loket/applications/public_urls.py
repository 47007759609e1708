from django.urls import path

app_name = "suket_public"
urlpatterns: list = []
