from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "loket.sync"
    verbose_name = _("Sync with the central registry")

    def ready(self) -> None:
        from loket.applications.signals import status_changed
        from loket.sync.receivers import on_status_changed

        status_changed.connect(on_status_changed, dispatch_uid="loket.sync.outbox")
