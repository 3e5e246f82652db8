from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guided practice"

    def ready(self) -> None:
        from guidance import checks  # noqa: F401  (registers the system check)
