"""A real worker, on the real Redis broker, runs our tasks against the real database."""

from __future__ import annotations

import pytest
from django.conf import settings

from config.celery_app import app, ping
from tests.support.celery_worker import celery_worker
from tests.support.factories import UserFactory


def test_celery_is_configured_from_django_settings() -> None:
    conf = app.conf
    assert conf.broker_url == settings.CELERY_BROKER_URL
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] >= 3600
    assert conf.accept_content == ["json"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_makes_the_round_trip_through_a_real_worker() -> None:
    UserFactory.create_batch(3)
    with celery_worker():
        result = ping.delay().get(timeout=60)
    # The worker saw the rows this test committed: it is wired to the same database.
    assert result == {"pong": True, "users": 3}
