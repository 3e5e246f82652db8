from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """What a person controls about their data: download it, delete it, see who looked, and
    how long a finished cohort is kept. It sits above notifications (it e-mails the download
    link and clears the ledger) and below teach."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Privacy"
