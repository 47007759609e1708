from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "loket.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from loket.notifications import receivers  # noqa: F401 - connects the status_changed receiver
