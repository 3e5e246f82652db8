"""Fixtures for the notification tests; the helpers they use are in tests/support."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.support.notifications import Sink, SinkHandler, free_port


@pytest.fixture
def smtp_sink() -> Iterator[Sink]:
    """A local aiosmtpd server, with Django's SMTP backend pointed at it."""
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=5,
        ):
            yield Sink(handler, port)
    finally:
        controller.stop()
