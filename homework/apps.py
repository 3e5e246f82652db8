from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "homework"
    verbose_name = "Home practice"

    def ready(self) -> None:
        # Writes replace the version tokens of cached figures (course/freshness.py).
        from homework import signals

        signals.connect()
