from django.urls import path

from loket.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.stuck, name="stuck"),
    path("link/", views.link_state, name="link_state"),
    path("packets/<uuid:pk>/retry/", views.retry, name="retry"),
    path("packets/<uuid:pk>/close/", views.close, name="close"),
]
