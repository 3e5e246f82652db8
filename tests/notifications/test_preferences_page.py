"""The preferences page: name, time zone, default sharing, the reminder time and e-mail choices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort
from notifications.due import get_or_create_settings
from tests.support.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


def test_preferences_are_saved(pat: Client, participant: User) -> None:
    response = pat.post(
        URL,
        {
            "display_name": "Pat B.",
            "time_zone": "America/New_York",
            "emails-reminder_time": "06:45",
            "share_by_default": "on",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (
        participant.display_name,
        participant.time_zone,
        get_or_create_settings(participant).reminder_time,
        participant.share_by_default,
    ) == ("Pat B.", "America/New_York", dt.time(6, 45), True)


def test_every_control_has_a_label(pat: Client) -> None:
    page = pat.get(URL).content.decode()
    for field in ("display_name", "time_zone", "emails-reminder_time", "share_by_default"):
        assert f'<label for="id_{field}"' in page


@pytest.mark.parametrize(
    ("form", "field", "value"),
    [("form", "time_zone", "Mars/Base"), ("emails", "reminder_time", "25:99")],
)
def test_bad_values_are_refused_next_to_the_field(
    pat: Client, participant: User, form: str, field: str, value: str
) -> None:
    data = {
        "display_name": "x",
        "time_zone": "Europe/London",
        "emails-reminder_time": "08:00",
        f"{'emails-' if form == 'emails' else ''}{field}": value,
    }
    response = pat.post(URL, data)
    assert response.status_code == 200
    assert field in response.context[form].errors
    participant.refresh_from_db()
    assert participant.display_name == "Pat"


def test_instructors_without_a_course_can_set_preferences_too(
    client: Client, instructor: User
) -> None:
    client.force_login(instructor)
    assert client.get(URL).status_code == 200
    before = get_or_create_settings(instructor).reminder_time
    response = client.post(
        URL,
        {
            "display_name": "Maya",
            "time_zone": "Europe/Berlin",
            "emails-reminder_time": "07:15",  # not offered to them: ignored
            "emails-digest_enabled": "",
        },
    )
    assert response.status_code == 302
    instructor.refresh_from_db()
    prefs = get_or_create_settings(instructor)
    assert (instructor.display_name, instructor.time_zone) == ("Maya", "Europe/Berlin")
    assert (prefs.reminder_time, prefs.digest_enabled) == (before, False)


PARTICIPANT_CONTROLS = [
    "emails-reminder_time",
    "emails-daily_enabled",
    "emails-class_enabled",
    "emails-summary_enabled",
    "emails-announcement_enabled",
    "emails-questionnaire_enabled",
    "emails-paused_until",
    "share_by_default",
]


def test_an_instructors_preferences_hide_participant_only_settings(
    client: Client, instructor: User
) -> None:
    client.force_login(instructor)
    page = client.get(URL).content.decode()
    for name in PARTICIPANT_CONTROLS:
        assert f'name="{name}"' not in page, name
    assert "Daily practice reminder" not in page
    assert 'name="emails-digest_enabled"' in page
    assert 'name="display_name"' in page
    assert 'name="time_zone"' in page


def test_an_instructor_who_is_also_a_participant_sees_everything(
    client: Client, instructor: User, other_cohort: Cohort
) -> None:
    EnrolmentFactory(cohort=other_cohort, participant=instructor)
    client.force_login(instructor)
    page = client.get(URL).content.decode()
    for name in [*PARTICIPANT_CONTROLS, "emails-digest_enabled"]:
        assert f'name="{name}"' in page, name


def test_a_participant_sees_their_settings_but_not_the_digest(pat: Client) -> None:
    page = pat.get(URL).content.decode()
    for name in PARTICIPANT_CONTROLS:
        assert f'name="{name}"' in page, name
    assert 'name="emails-digest_enabled"' not in page


def all_on(**changes: str) -> dict[str, str]:
    data = {
        "display_name": "Pat",
        "time_zone": "Europe/London",
        "emails-reminder_time": "08:00",
        "emails-daily_enabled": "on",
        "emails-class_enabled": "on",
        "emails-summary_enabled": "on",
        "emails-announcement_enabled": "on",
        "emails-paused_until": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_each_kind_of_email_can_be_turned_off_and_reminders_paused(
    pat: Client, participant: User
) -> None:
    page = pat.get(URL).content.decode()
    for field in (
        "daily_enabled",
        "class_enabled",
        "summary_enabled",
        "announcement_enabled",
        "paused_until",
    ):
        assert f'<label for="id_emails-{field}"' in page
    # A holiday a month from now (pauses are bounded: tests/accounts/test_input_limits.py).
    holiday = participant.local_date() + dt.timedelta(days=30)
    data = all_on(**{"emails-daily_enabled": None, "emails-paused_until": holiday.isoformat()})
    assert pat.post(URL, data).status_code == 302
    prefs = get_or_create_settings(participant)
    assert (prefs.daily_enabled, prefs.class_enabled, prefs.paused_until) == (
        False,
        True,
        holiday,
    )


def test_a_new_reminder_time_or_zone_moves_the_next_reminder(
    pat: Client, participant: User
) -> None:
    response = pat.post(URL, all_on(**{"emails-reminder_time": "06:30", "time_zone": "Asia/Tokyo"}))
    assert response.status_code == 302
    due = get_or_create_settings(participant).next_daily_at.astimezone(
        participant.__class__.objects.get(pk=participant.pk).zone
    )
    assert (due.hour, due.minute) == (6, 30)
    assert str(due.tzinfo) == "Asia/Tokyo"


def test_a_bad_pause_date_is_refused_and_nothing_is_saved(pat: Client, participant: User) -> None:
    response = pat.post(URL, all_on(display_name="Changed", **{"emails-paused_until": "someday"}))
    assert response.status_code == 200
    assert "paused_until" in response.context["emails"].errors
    participant.refresh_from_db()
    assert participant.display_name == "Pat"


def test_the_zone_list_can_be_searched_without_javascript(client: Client, participant: User) -> None:
    client.force_login(participant)
    page = client.get(reverse("notifications:preferences"), {"zone": "tokyo"}).content.decode()
    assert 'value="Asia/Tokyo"' in page
    assert 'value="Europe/Berlin"' not in page
    assert f'value="{participant.time_zone}"' in page  # the current zone stays selectable
    assert "<optgroup" in page
    assert 'id="zone-words"' in page
