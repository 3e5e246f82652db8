"""Input limits: over-long text, out-of-range pause dates and double posts are refused with a
message beside the field (or a notice), and nothing is stored."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from accounts import limits
from accounts.models import User
from course.models import Announcement, Cohort, Curriculum, Enrolment
from homework.models import CalendarEntry, CheckIn, InstructorComment, PracticeLog
from notifications.due import get_or_create_settings
from notifications.models import Delivery, Kind
from tests.support.cohorts import cohort_data, practice_data

pytestmark = pytest.mark.django_db


def too_long(limit: int) -> str:
    return "x" * (limit + 1)


def assert_error_beside(response: object, field: str, words: str) -> None:
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert f'id="id_{field}_errors"' in page or f'id="id_emails-{field}_errors"' in page
    assert words in page


def test_a_practice_note_over_the_cap_is_refused(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    practice = cohort.assignments.first().practice
    response = pat.post(
        reverse("homework:log_practice"),
        practice_data(practice, cohort.start_date, note=too_long(limits.NOTE)),
    )
    assert_error_beside(response, "note", f"at most {limits.NOTE} characters")
    assert f'maxlength="{limits.NOTE}"' in response.content.decode()
    assert not PracticeLog.objects.exists()
    # At the cap it is fine.
    pat.post(
        reverse("homework:log_practice"),
        practice_data(practice, cohort.start_date, note="y" * limits.NOTE),
    )
    assert PracticeLog.objects.get().note == "y" * limits.NOTE


@pytest.mark.parametrize("field", ["event", "body", "feelings", "thoughts_now"])
def test_each_calendar_prompt_over_the_cap_is_refused(
    pat: Client, cohort: Cohort, enrolment: Enrolment, field: str
) -> None:
    data = {
        "occurred_on": cohort.start_date.isoformat(),
        "event": "Birdsong",
        "was_aware": "yes",
        field: too_long(limits.CALENDAR_FIELD),
    }
    response = pat.post(reverse("homework:calendar_new", args=["pleasant"]), data)
    assert_error_beside(response, field, f"at most {limits.CALENDAR_FIELD} characters")
    assert not CalendarEntry.objects.exists()


def test_a_check_in_note_over_the_cap_is_refused(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    today = cohort.start_date + dt.timedelta(days=1)
    response = pat.post(
        reverse("homework:check_in"),
        {"day": today.isoformat(), "pain": 3, "stress": 4, "note": too_long(limits.NOTE)},
    )
    assert_error_beside(response, "note", f"at most {limits.NOTE} characters")
    assert not CheckIn.objects.exists()


def test_an_announcement_over_the_cap_is_refused_and_nobody_is_emailed(
    signed_in: Client, cohort: Cohort, participant: User
) -> None:
    response = signed_in.post(
        reverse("teach:announcements", args=[cohort.public_id]),
        {"audience": "everyone", "subject": "Long", "body": too_long(limits.ANNOUNCEMENT)},
    )
    assert_error_beside(response, "body", f"at most {limits.ANNOUNCEMENT} characters")
    assert not Announcement.objects.exists()
    assert not Delivery.objects.filter(kind=Kind.ANNOUNCEMENT).exists()


def shared_log(enrolment: Enrolment, cohort: Cohort) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment,
        practice=cohort.assignments.first().practice,
        practised_on=cohort.start_date,
        minutes=20,
        shared_with_instructors=True,
    )


def test_a_comment_over_the_cap_is_refused(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    log = shared_log(enrolment, cohort)
    response = signed_in.post(
        reverse("teach:comment", args=[cohort.public_id, enrolment.public_id]),
        {"entry": f"log:{log.public_id}", "text": too_long(limits.COMMENT)},
        follow=True,
    )
    assert f"at most {limits.COMMENT:,} characters" in response.content.decode()
    assert not InstructorComment.objects.exists()


@pytest.mark.parametrize(
    ("days", "words"),
    [(-1, "That date has passed"), (limits.PAUSE_MAX_DAYS + 1, "Pauses can last up to a year")],
)
def test_a_pause_date_out_of_range_is_refused(
    pat: Client, participant: User, days: int, words: str
) -> None:
    prefs = get_or_create_settings(participant)
    day = participant.local_date() + dt.timedelta(days=days)
    response = pat.post(
        reverse("notifications:preferences"),
        {
            "display_name": "Pat",
            "time_zone": participant.time_zone,
            "emails-reminder_time": "08:00",
            "emails-daily_enabled": "on",
            "emails-paused_until": day.isoformat(),
        },
    )
    assert_error_beside(response, "paused_until", words)
    prefs.refresh_from_db()
    assert prefs.paused_until is None


@pytest.mark.parametrize("year", ["0001-01-01", "9999-12-31"])
def test_absurd_years_are_refused(pat: Client, participant: User, year: str) -> None:
    response = pat.post(
        reverse("notifications:preferences"),
        {
            "display_name": "Pat",
            "time_zone": participant.time_zone,
            "emails-reminder_time": "08:00",
            "emails-paused_until": year,
        },
    )
    assert response.status_code == 200
    assert get_or_create_settings(participant).paused_until is None


def test_a_pause_up_to_a_year_ahead_is_kept(pat: Client, participant: User) -> None:
    day = participant.local_date() + dt.timedelta(days=limits.PAUSE_MAX_DAYS)
    pat.post(
        reverse("notifications:preferences"),
        {
            "display_name": "Pat",
            "time_zone": participant.time_zone,
            "emails-reminder_time": "08:00",
            "emails-paused_until": day.isoformat(),
        },
    )
    assert get_or_create_settings(participant).paused_until == day


# --- Double posts -------------------------------------------------------------------------


def test_an_announcement_sent_twice_goes_out_once(
    signed_in: Client, cohort: Cohort, participant: User, second_participant: User
) -> None:
    url = reverse("teach:announcements", args=[cohort.public_id])
    page = signed_in.get(url).content.decode()
    assert 'name="submission_token"' in page
    data = {
        "audience": "everyone",
        "subject": "Room change",
        "body": "Room 4 on Tuesday.",
        "submission_token": str(uuid.uuid4()),
        "action": "send",
    }
    assert signed_in.post(url, data).status_code == 302
    second = signed_in.post(url, data, follow=True)
    assert "already sent" in second.content.decode()
    assert Announcement.objects.count() == 1
    assert Delivery.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 2  # one per participant
    # A fresh form (a new token) is a new announcement.
    signed_in.post(url, {**data, "submission_token": str(uuid.uuid4())})
    assert Announcement.objects.count() == 2


def test_a_comment_sent_twice_is_saved_once(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    log = shared_log(enrolment, cohort)
    page_url = reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])
    page = signed_in.get(page_url).content.decode()
    assert 'name="submission_token" value="' in page
    token = page.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    url = reverse("teach:comment", args=[cohort.public_id, enrolment.public_id])
    data = {"entry": f"log:{log.public_id}", "text": "Lovely.", "submission_token": token}
    signed_in.post(url, data)
    response = signed_in.post(url, data, follow=True)
    assert "already saved once" in response.content.decode()
    assert InstructorComment.objects.count() == 1


def test_a_new_cohort_sent_twice_is_created_once(
    signed_in: Client, curriculum: Curriculum, instructor: User
) -> None:
    url = reverse("teach:cohort_create")
    assert 'name="submission_token"' in signed_in.get(url).content.decode()
    data = cohort_data(curriculum, title="Double click", submission_token=str(uuid.uuid4()))
    assert signed_in.post(url, data).status_code == 302
    response = signed_in.post(url, data, follow=True)
    assert "already created" in response.content.decode()
    assert Cohort.objects.filter(title="Double click").count() == 1


def test_a_refused_announcement_can_be_sent_again_with_the_same_form(
    signed_in: Client, cohort: Cohort
) -> None:
    """Nobody to send to: the token is not used up, so the corrected form goes through."""
    url = reverse("teach:announcements", args=[cohort.public_id])
    token = str(uuid.uuid4())
    data = {
        "audience": "everyone",
        "subject": "Hi",
        "body": "Hello",
        "submission_token": token,
        "action": "send",
    }
    response = signed_in.post(url, data)
    assert response.status_code == 200  # no participants yet
    assert not Announcement.objects.exists()
    Enrolment.objects.create(cohort=cohort, participant=User.objects.create_user("a@example.org"))
    assert signed_in.post(url, data).status_code == 302
    assert Announcement.objects.count() == 1
