from django.apps import AppConfig


class CentralConfig(AppConfig):
    """The reference central registry. Installed only in ``loket.central.settings``, never in the
    office's settings: the two share no tables and talk only over HTTP."""

    name = "loket.central"
    label = "central"
    default_auto_field = "django.db.models.BigAutoField"
