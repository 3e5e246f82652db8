"""The preferences page: name, time zone, reminder time, default sharing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
URL = reverse("homework:preferences")


def test_preferences_are_saved(pat: Client, participant: User) -> None:
    response = pat.post(
        URL,
        {
            "display_name": "Pat B.",
            "time_zone": "America/New_York",
            "reminder_time": "06:45",
            "share_by_default": "on",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (
        participant.display_name,
        participant.time_zone,
        participant.reminder_time,
        participant.share_by_default,
    ) == ("Pat B.", "America/New_York", dt.time(6, 45), True)


def test_every_control_has_a_label(pat: Client) -> None:
    page = pat.get(URL).content.decode()
    for field in ("display_name", "time_zone", "reminder_time", "share_by_default"):
        assert f'<label for="id_{field}"' in page


@pytest.mark.parametrize(
    ("field", "value"), [("time_zone", "Mars/Base"), ("reminder_time", "25:99")]
)
def test_bad_values_are_refused_next_to_the_field(
    pat: Client, participant: User, field: str, value: str
) -> None:
    data = {
        "display_name": "x",
        "time_zone": "Europe/London",
        "reminder_time": "08:00",
        field: value,
    }
    response = pat.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    participant.refresh_from_db()
    assert participant.display_name == "Pat"


def test_instructors_without_a_course_can_set_preferences_too(
    client: Client, instructor: User
) -> None:
    client.force_login(instructor)
    assert client.get(URL).status_code == 200
