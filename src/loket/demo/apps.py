from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "loket.demo"
    verbose_name = "Demo data"
