from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        # Connects the signals that forget a kept "has a second factor" answer, in every
        # process (web, worker, shell), not only where the middleware is loaded.
        from accounts import second_factor  # noqa: F401
