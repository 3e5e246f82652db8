"""Settings for the bench scripts: their own PostgreSQL database, Redis db and SMTP sink.

Run the scripts from the project root (`.venv/bin/python bench/summary_fanout.py`); they set
DJANGO_SETTINGS_MODULE to this module. Override with BENCH_DATABASE_URL / BENCH_REDIS_URL.

These are the production settings (DEBUG off, the same middleware, the manifest static storage)
with three bench-only changes: plain HTTP on loopback (no HTTPS redirect, no secure-only
cookies), an SMTP sink, and bench/urls.py, which adds the floor views the figures are compared
with. Nothing outside bench/ routes to those views.
"""

import os

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stillpoint_bench"
)
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
# Debug off: with it on, Django keeps every query of a 10,000-row run in memory.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-any-real-deployment-0123456789"
)

from bench.wiring import BENCH_URLCONF, with_bench_templates
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, CACHES, TEMPLATES

CACHES["default"]["KEY_PREFIX"] = "stillpoint-bench"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SINK_PORT", "2525"))
EMAIL_TIMEOUT = 10
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The bench talks plain HTTP to 127.0.0.1; TLS is the proxy's cost, not the app's.
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# bench/pages.py runs collectstatic here, so {% static %} resolves through the real manifest.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"

ROOT_URLCONF = BENCH_URLCONF
TEMPLATES = with_bench_templates(TEMPLATES)
