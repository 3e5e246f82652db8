from django.apps import AppConfig


class TeachConfig(AppConfig):
    """The instructor pages. No models: it reads and writes through the apps below it."""

    name = "teach"
    verbose_name = "Teaching"
