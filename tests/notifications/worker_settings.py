"""Settings for a worker started by a test: the test settings, sending to the test's SMTP sink."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["STILLPOINT_SINK_PORT"])
EMAIL_TIMEOUT = 10
