from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from loket.api import api
from loket.core import views as core_views

urlpatterns = [
    # The public portal owns the site root; until it has a home page, "/" goes to the staff workspace.
    path("", include("loket.portal.urls")),
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("loket.applications.urls")),
    path("suket/", include("loket.applications.public_urls")),
    path("queue/", include("loket.intake.urls")),
    path("sync/", include("loket.sync.urls")),
    path("notifications/", include("loket.notifications.urls")),
    path("survey/", include("loket.surveys.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = admin.site.site_title = "loket"
