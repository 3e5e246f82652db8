"""Logging, editing and deleting formal practice, with every validation rule."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment, Practice
from homework.models import PracticeLog
from tests.support.cohorts import practice_data

pytestmark = pytest.mark.django_db
NEW = reverse("homework:log_practice")


def today_of(user: User) -> dt.date:
    return user.local_date()


def test_a_participant_logs_a_practice(
    pat: Client, participant: User, enrolment: Enrolment, body_scan: Practice
) -> None:
    response = pat.post(
        NEW, practice_data(body_scan, today_of(participant), 45, note="Restless, then calm")
    )
    assert response.status_code == 302
    log = PracticeLog.objects.get()
    assert (log.enrolment, log.minutes, log.practised_on, log.guided) == (
        enrolment,
        45,
        today_of(participant),
        True,
    )
    assert log.shared_with_instructors is False  # private unless shared


def test_the_form_preselects_this_weeks_practice_and_today(
    pat: Client, participant: User, cohort: Cohort
) -> None:
    form = pat.get(NEW).context["form"]
    week3_first = cohort.assignments.filter(week=3).order_by("position").first()
    assert form["practice"].value() == week3_first.practice_id
    assert form["practised_on"].value() == today_of(participant)


def test_earlier_days_of_the_course_can_be_backfilled(
    pat: Client, cohort: Cohort, body_scan: Practice
) -> None:
    assert pat.post(NEW, practice_data(body_scan, cohort.start_date, 20)).status_code == 302
    assert PracticeLog.objects.get().practised_on == cohort.start_date


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "Enter between 1 and 240 minutes"),
        (241, "Enter between 1 and 240 minutes"),
        (-5, "Enter between 1 and 240 minutes"),
        ("", "Enter how many minutes you practised"),
        ("ten", "Enter a whole number"),
    ],
)
def test_minutes_outside_1_to_240_are_refused_next_to_the_field(
    pat: Client, participant: User, body_scan: Practice, minutes: object, message: str
) -> None:
    response = pat.post(NEW, practice_data(body_scan, today_of(participant), minutes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["minutes"])
    html = response.content.decode()
    assert 'id="id_minutes_errors"' in html
    assert 'aria-describedby="id_minutes_errors id_minutes_helptext"' in html
    assert not PracticeLog.objects.exists()


def test_more_than_24_hours_in_a_day_is_refused(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    day = today_of(participant)
    for _ in range(6):
        assert pat.post(NEW, practice_data(body_scan, day, 240)).status_code == 302
    response = pat.post(NEW, practice_data(body_scan, day, 1))
    assert "A day has 1,440 minutes" in str(response.context["form"].errors["minutes"])
    assert PracticeLog.objects.count() == 6


def test_a_date_in_the_future_of_the_participants_own_day_is_refused(
    client: Client, participant: User, body_scan: Practice, cohort: Cohort
) -> None:
    participant.time_zone = "Pacific/Auckland"
    participant.save()
    client.force_login(participant)
    # 11:00 UTC on the course's day 16 is 00:00 the next day in Auckland (UTC+13 in summer):
    # tomorrow there is "today" for this participant, and the day after is the future.
    day16 = cohort.start_date + dt.timedelta(days=16)
    with time_machine.travel(dt.datetime.combine(day16, dt.time(11, 0), tzinfo=dt.UTC), tick=False):
        tomorrow = day16 + dt.timedelta(days=1)
        assert client.post(NEW, practice_data(body_scan, tomorrow, 20)).status_code == 302
        response = client.post(NEW, practice_data(body_scan, tomorrow + dt.timedelta(days=1), 20))
    assert "in the future" in str(response.context["form"].errors["practised_on"])
    assert PracticeLog.objects.count() == 1


def test_a_date_before_orientation_is_refused(
    pat: Client, cohort: Cohort, body_scan: Practice
) -> None:
    before = cohort.orientation_date - dt.timedelta(days=1)
    response = pat.post(NEW, practice_data(body_scan, before, 20))
    assert "Your course begins on" in str(response.context["form"].errors["practised_on"])
    assert not PracticeLog.objects.exists()


def test_a_missing_or_unknown_practice_is_refused(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    data = practice_data(body_scan, today_of(participant))
    data["practice"] = 999_999
    response = pat.post(NEW, data)
    assert "practice" in response.context["form"].errors
    assert not PracticeLog.objects.exists()


def test_logging_a_practice_asks_the_database_only_what_it_must(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    pat.get(reverse("homework:log_practice"))  # the session and the practices are kept now
    data = practice_data(body_scan, today_of(participant), 30, submission_token=str(uuid.uuid4()))
    with CaptureQueriesContext(connection) as queries:
        assert pat.post(NEW, data).status_code == 302
    # The user; their enrolment; the day's minutes so far; then a savepoint around the INSERT,
    # whose unique token catches a re-sent form. No session query (cached_db), no practice
    # query (known_practices), and no second look at the practice or the minutes' range by
    # model validation (the form has checked both).
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries[:3]]
    assert tables == ['"accounts_user"', '"course_enrolment"', '"homework_practicelog"']
    assert [q["sql"].split()[0] for q in queries.captured_queries[3:]] == [
        "SAVEPOINT",
        "INSERT",
        "RELEASE",
    ]
    assert PracticeLog.objects.get().minutes == 30


def test_a_double_submit_creates_one_log(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    token = str(uuid.uuid4())
    data = practice_data(body_scan, today_of(participant), 30, submission_token=token)
    first, second = pat.post(NEW, data), pat.post(NEW, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][1] == 302
    assert PracticeLog.objects.count() == 1
    # The second press is told, not shown a second "Saved".
    assert "That practice was already saved." in second.content.decode()
    # Two separate practices (two fresh forms) are two logs.
    pat.post(NEW, {**data, "submission_token": str(uuid.uuid4())})
    assert PracticeLog.objects.count() == 2


def test_a_resent_form_at_the_daily_limit_is_recognised_not_refused(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    day = today_of(participant)
    for _ in range(5):
        pat.post(NEW, practice_data(body_scan, day, 240))
    data = practice_data(body_scan, day, 240, submission_token=str(uuid.uuid4()))
    assert pat.post(NEW, data).status_code == 302
    assert pat.post(NEW, data).status_code == 302  # the re-send: same token, no error, no row
    assert PracticeLog.objects.count() == 6


def test_a_participant_edits_their_own_log(
    pat: Client, participant: User, enrolment: Enrolment, body_scan: Practice
) -> None:
    log = PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan, practised_on=today_of(participant), minutes=10
    )
    url = reverse("homework:edit_practice", args=[log.public_id])
    assert pat.get(url).status_code == 200
    response = pat.post(
        url, practice_data(body_scan, log.practised_on, 35, note="longer than I thought")
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.minutes, log.note) == (35, "longer than I thought")


def test_editing_keeps_the_daily_limit_without_counting_the_log_twice(
    pat: Client, participant: User, enrolment: Enrolment, body_scan: Practice
) -> None:
    day = today_of(participant)
    logs = [
        PracticeLog.objects.create(
            enrolment=enrolment, practice=body_scan, practised_on=day, minutes=240
        )
        for _ in range(6)
    ]
    url = reverse("homework:edit_practice", args=[logs[0].public_id])
    assert (
        pat.post(url, practice_data(body_scan, day, 240)).status_code == 302
    )  # unchanged total: fine
    response = pat.post(url, practice_data(body_scan, day, 241))
    assert response.status_code == 200
    logs[0].refresh_from_db()
    assert logs[0].minutes == 240


def test_a_participant_deletes_their_own_log_after_confirming(
    pat: Client, participant: User, enrolment: Enrolment, body_scan: Practice
) -> None:
    log = PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan, practised_on=today_of(participant), minutes=10
    )
    url = reverse("homework:delete_practice", args=[log.public_id])
    assert pat.get(url).status_code == 200
    assert PracticeLog.objects.exists()  # GET only asks
    assert pat.post(url).status_code == 302
    assert not PracticeLog.objects.exists()


def test_the_practice_list_groups_logs_by_course_week(
    pat: Client, cohort: Cohort, enrolment: Enrolment, body_scan: Practice
) -> None:
    PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan, practised_on=cohort.start_date, minutes=25
    )
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=body_scan,
        practised_on=cohort.start_date + dt.timedelta(days=8),
        minutes=15,
    )
    page = pat.get(reverse("homework:practice_list"))
    labels = [g["label"] for g in page.context["groups"]]
    assert labels == ["Week 2", "Week 1"]
    assert page.context["total"] == 40


def test_a_changed_practice_list_reaches_the_form_at_once(
    pat: Client, participant: User, body_scan: Practice
) -> None:
    assert "Walking in the rain" not in pat.get(NEW).content.decode()
    rain = Practice.objects.create(
        slug="rain-walk", name="Walking in the rain", category=body_scan.category
    )
    # The new practice shows and can be logged: the kept list follows the curricula's token.
    assert "Walking in the rain" in pat.get(NEW).content.decode()
    data = practice_data(rain, today_of(participant), 10, submission_token=str(uuid.uuid4()))
    assert pat.post(NEW, data).status_code == 302
    assert PracticeLog.objects.get().practice == rain


def test_an_unknown_practice_is_refused_beside_the_field(pat: Client, participant: User) -> None:
    response = pat.post(NEW, {"practice": "999999", "minutes": 10, "practised_on": ""})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = pat.post(NEW, {"practice": "body-scan", "minutes": 10})
    assert "Select a valid choice" in response.content.decode()
    assert not PracticeLog.objects.exists()
