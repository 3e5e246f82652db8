"""Settings for every environment, read from environment variables.

Defaults are safe for a developer's machine: SQLite in the project folder, Redis on localhost,
e-mails written to files. Production sets DJANGO_DEBUG=0 and must then provide a real
DJANGO_SECRET_KEY, ALLOWED_HOSTS and SITE_URL (see README).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

# A fixed key is fine on a laptop; a production process must never fall back to it.
_DEV_SECRET_KEY = "django-insecure-stillpoint-development-only-key-do-not-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Absolute links in e-mails are built from this, never from the request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Stillpoint")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "accounts",
    "course",
    "guidance",
    "homework",
    "outcomes",
    "notifications",
    "privacy",
    "teach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.second_factor.SecondFactorRequiredMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "config.urls"
# Project templates may override Django's form templates (templates/django/forms/field.html
# ties each error to its input for screen readers).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache (allauth rate limits live here) and Celery broker ---------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "stillpoint"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# Sessions are read from the cache and written through to the database: a signed-in request
# costs no session query, and a cache wipe or a Redis restart signs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory"
)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Tell the person when their password, address or second factor changes, so a takeover of
# an account holding health data does not go unnoticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth's rate limits are on by default and count in the cache above (Redis), so they hold
# across gunicorn workers. Spelled out here so an operator can see and tune them.
#
# Failed sign-ins (accounts/adapter.py counts them): "login_failed" is keyed by client IP *and*
# address, so five wrong passwords from an attacker's IP refuse that IP, not the owner signing
# in from elsewhere; "login_failed_address" is keyed by the address alone with a much higher
# threshold, the brake on one address guessed from many IPs.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_address": "50/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Behind a reverse proxy every request comes from the proxy's address, and the limits above
# would become one limit for the whole site. Set the number of proxies you run in front of
# gunicorn (each appends to X-Forwarded-For), or the one header your proxy sets to the client's
# address (e.g. X-Real-IP); with neither, X-Forwarded-For is ignored because anyone can send it.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None
# Participants arrive by invitation; open sign-up is an explicit operator decision.
STILLPOINT_OPEN_SIGNUP = env_bool("STILLPOINT_OPEN_SIGNUP", default=False)
# Markdown shown under "If you need help urgently" on the "If a practice is hard" page: local
# crisis numbers for this deployment. Empty by default: we never ship numbers we cannot vouch
# for. A cohort's own text (admin: Cohort support) replaces it for that cohort's participants.
STILLPOINT_URGENT_HELP = env_str("STILLPOINT_URGENT_HELP", default="")

# --- Second factor (allauth.mfa) --------------------------------------------------------------
# Authenticator app codes, recovery codes and passkeys. Instructors and staff see other people's
# health data, so accounts/second_factor.py sends them to set one up before the paths below
# open; for participants it is optional (Preferences links to it).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# Browsers allow WebAuthn only on https, or on http://localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
STILLPOINT_REQUIRE_MFA = env_bool("STILLPOINT_REQUIRE_MFA", default=True)
STILLPOINT_MFA_REQUIRED_PATHS = ["/teach/", "/admin/"]

# --- Internationalisation and time ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# A cohort's own practice recordings (course.recordings checks the type by content).
# Piper's spoken cues, kept between runs of make_audio (outside MEDIA_ROOT: they are not served).
GUIDANCE_SPEECH_CACHE = Path(env_str("GUIDANCE_SPEECH_CACHE", str(BASE_DIR / "var" / "speech-cache")))
STILLPOINT_RECORDING_MAX_BYTES = env_int("STILLPOINT_RECORDING_MAX_BYTES", 60 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail -----------------------------------------------------------------------------------
# In development every message is written to var/sent-emails/ so it can be read.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "sent-emails"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# A hung SMTP server must not hold a worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Celery (configured only through CELERY_* settings) ---------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_RESULT_EXPIRES = 3600
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it to be redelivered;
# our side effects are made idempotent in the database rather than trusting the broker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redelivery of unacknowledged tasks happens after this; keep it above the longest retry delay.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Two queues: bulk fan-outs (weekly summaries, digests) go to "bulk", so a reminder due at 08:00
# is never stuck behind 10,000 summaries. Every worker consumes both unless started with -Q
# (the Redis transport takes from the two in turn); big deployments give bulk its own workers.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("bulk"))
STILLPOINT_BULK_QUEUE = "bulk"
# One short tick finds every notification that is due (each recipient's next due time is a
# stored column computed in local time), and a sweeper re-queues anything a dead worker left.
# Each entry expires before its next run, so a stalled worker never faces a pile of old ticks.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "notifications-tick": {
        "task": "notifications.tick",
        "schedule": 120.0,
        "options": {"expires": 110.0},
    },
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": 300.0,
        "options": {"expires": 270.0},
    },
    # Accounts whose 7-day grace period is over are erased; expired download files removed.
    "privacy-erase-due-accounts": {
        "task": "privacy.erase_due_accounts",
        "schedule": 3600.0,
        "options": {"expires": 3300.0},
    },
    # Cohorts past the retention period are anonymised (once a day is plenty).
    "privacy-apply-retention": {
        "task": "privacy.apply_retention",
        "schedule": 24 * 3600.0,
        "options": {"expires": 23 * 3600.0},
    },
}
# Class reminders go this many local days before the class, at the class's own local time.
NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS = env_int("NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS", 1)

# --- Security (production values; check --deploy passes with DJANGO_DEBUG=0) ------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from our own origin, no inline
# code (allauth's passkey scripts are static files reading JSON data blocks), nothing may frame
# us and forms post only back to us. `data:` images are the blank favicon and the QR code of the
# authenticator-app setup page. 500.html has no request context for a nonce; its small <style>
# is allowed by hash (tests/test_security_headers.py recomputes it).
SERVER_ERROR_STYLE_HASH = "'sha256-AhwWOJTXzT4RyOKe6y8siYedMtDUy7iuCaMujUbHijc='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", SERVER_ERROR_STYLE_HASH],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Powerful browser features nobody here needs are switched off for us and anything we embed.
# Wake lock and autoplay stay available to our own pages for the guided-practice player.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "(self)",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "screen-wake-lock": "(self)",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
    "browsing-topics": "()",
    "publickey-credentials-get": "(self)",
    "publickey-credentials-create": "(self)",
}
SILENCED_SYSTEM_CHECKS = [
    # Preloading HSTS is an irreversible, per-domain decision left to the operator.
    "security.W021",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Invitations (course/invitations.py) ------------------------------------------------------
# A link older than this is refused; resending starts the clock again.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# Invitation e-mails one instructor may send (new or resent) in any sliding hour.
INVITATIONS_PER_HOUR = env_int("INVITATIONS_PER_HOUR", 100)
# Days after a cohort's last course day before the retention job anonymises it (two years).
STILLPOINT_RETENTION_DAYS = env_int("STILLPOINT_RETENTION_DAYS", 730)
