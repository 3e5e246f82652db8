from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from course.models import Practice


@pytest.fixture
def pat(client: Client, participant: User) -> Client:
    """A client signed in as the participant."""
    client.force_login(participant)
    return client


@pytest.fixture
def body_scan(db: None) -> Practice:
    return Practice.objects.get(slug="body-scan")


def practice_data(
    practice: Practice, day: dt.date, minutes: object = 30, **extra: object
) -> dict[str, object]:
    return {
        "practice": practice.pk,
        "minutes": minutes,
        "practised_on": day.isoformat(),
        "guided": "on",
        **extra,
    }
