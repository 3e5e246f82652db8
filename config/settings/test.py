"""Settings for the test suite: real database and Redis, fast hashing, in-memory e-mail."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL

# Keep the suite's cache and broker traffic away from a developer's running app.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", REDIS_URL.rsplit("/", 1)[0] + "/15")
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
CACHES["default"]["KEY_PREFIX"] = "stillpoint-test"
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL

# SQLite's default test database lives in memory, where a Celery worker or a live server in
# another process cannot see it; a file can be shared.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_EMAIL_VERIFICATION = "optional"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)  # noqa: F405

# The suite's instructor and staff personas sign in with force_login and own no authenticator;
# tests/accounts/test_mfa.py switches the requirement on and proves it.
STILLPOINT_REQUIRE_MFA = False
