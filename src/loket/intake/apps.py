from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "loket.intake"
