from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        # Intake writes replace the version tokens of cached roster rows (course/freshness.py).
        from outcomes import signals

        signals.connect()
