"""The download is built by a real Celery worker, which also sends the e-mail with the link."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.models import Delivery, Kind
from privacy.models import DataExport
from tests.support.celery_worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(check: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.25)


def test_asking_for_my_data_has_a_worker_build_it_and_email_the_link(
    client: Client, participant: User, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    client.force_login(participant)
    with celery_worker(extra_env={"MEDIA_ROOT": str(tmp_path)}):
        response = client.post(reverse("privacy:request_export"), follow=True)
        assert "preparing your data" in response.content.decode()
        wait_for(lambda: DataExport.objects.filter(status="ready").exists())
        wait_for(
            lambda: Delivery.objects.filter(
                kind=Kind.DATA_EXPORT, recipient=participant, status="sent"
            ).exists()
        )
    item = DataExport.objects.get(user=participant)
    assert (tmp_path / item.path).is_file()
    page = client.get(reverse("privacy:your_data")).content.decode()
    assert "Ready" in page
