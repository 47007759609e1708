from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "loket.portal"
