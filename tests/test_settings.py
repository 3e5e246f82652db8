"""Production settings fail loudly without secrets and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-0123456789",
    "DJANGO_ALLOWED_HOSTS": "stillpoint.example.org",
    "SITE_URL": "https://stillpoint.example.org",
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = run("manage.py", "check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_deployment_checks_pass_with_production_values() -> None:
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_makes_email_verification_mandatory() -> None:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.ACCOUNT_EMAIL_VERIFICATION, s.SESSION_COOKIE_SECURE, s.EMAIL_BACKEND)"
    result = run("-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "mandatory",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_development_defaults_need_no_configuration() -> None:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL)"
    result = run("-c", code, DJANGO_SETTINGS_MODULE="config.settings.base")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "redis://127.0.0.1:6379/0",
        "redis://127.0.0.1:6379/0",
    ]
