"""The Celery application. Started as `celery -A config worker` and `celery -A config beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("stillpoint")
# Every Celery option lives in Django settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="stillpoint.ping")
def ping() -> dict[str, object]:
    """Prove a worker is up *and* wired to Django and the database (health checks, tests)."""
    from accounts.models import User

    return {"pong": True, "users": User.objects.count()}
