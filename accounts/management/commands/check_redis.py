"""Fail fast, with one clear line, when Redis (broker and cache) is not reachable."""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HOW_TO_START = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


class Command(BaseCommand):
    help = "Check that Redis answers at REDIS_URL."

    def handle(self, *args: Any, **options: Any) -> None:
        # The broker is what the worker and beat need; it is REDIS_URL unless set apart.
        url = settings.CELERY_BROKER_URL
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            raise CommandError(
                f"Redis is not reachable at {url} ({exc.__class__.__name__}); "
                f"start it with: {HOW_TO_START}"
            ) from exc
        self.stdout.write(f"Redis answers at {url}.")
