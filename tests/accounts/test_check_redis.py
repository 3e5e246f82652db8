"""`make run` stops at once, with one clear line, when Redis is down."""

from __future__ import annotations

import io
import socket

import pytest
from django.core.management import CommandError, call_command


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_says_how_to_start_redis_when_it_is_unreachable(settings: object) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"  # type: ignore[attr-defined]
    with pytest.raises(CommandError) as error:
        call_command("check_redis")
    message = str(error.value)
    assert "Redis is not reachable" in message
    assert "redis-server --daemonize yes" in message
    assert "\n" not in message


def test_it_confirms_a_running_redis() -> None:
    out = io.StringIO()
    call_command("check_redis", stdout=out)
    assert "Redis answers" in out.getvalue()
