"""The week page reads the person's cached progress and the cached curriculum week: a write, or an
edit of the curriculum, shows on the next view, and nobody sees anyone else's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, CohortAssignment, CurriculumWeek, Enrolment, Practice, Reading
from homework.actions import set_reading_done
from homework.models import CalendarEntry, PracticeLog

pytestmark = pytest.mark.django_db


def week(client: Client, number: int = 1) -> dict:
    response = client.get(reverse("homework:week", args=[number]))
    assert response.status_code == 200
    return response.context


def test_a_logged_practice_shows_on_the_next_view_of_the_week(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    assert week(pat)["week"].minutes == 0
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=27,
    )
    assert week(pat)["week"].minutes == 27


def test_a_reading_marked_and_a_calendar_entry_show_on_the_next_view(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    before = week(pat, 2)["week"]
    reading = Reading.objects.filter(week__number=2, week__kind="week").first()
    assert reading is not None
    set_reading_done(enrolment, reading, True)
    CalendarEntry.objects.create(
        enrolment=enrolment,
        kind="pleasant",
        occurred_on=cohort.start_date + dt.timedelta(days=8),
        event="Sun on the wall",
    )
    after = week(pat, 2)["week"]
    assert after.readings_done == before.readings_done + 1
    assert (
        after.calendar_entries.get("pleasant", 0) == before.calendar_entries.get("pleasant", 0) + 1
    )


def test_a_target_changed_by_the_instructor_shows_on_the_next_view(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    before = week(pat)["week"].target_minutes
    target = CohortAssignment.objects.filter(cohort=cohort, week=1).order_by("position").first()
    assert target is not None
    target.target_minutes_per_day += 5
    target.save()
    assert week(pat)["week"].target_minutes == before + 5 * target.target_days_per_week


def test_an_edited_curriculum_week_shows_on_the_next_view(pat: Client, cohort: Cohort) -> None:
    week(pat)
    curriculum_week = CurriculumWeek.objects.get(
        curriculum=cohort.curriculum, kind="week", number=1
    )
    curriculum_week.description = "A **new** description for week one."
    curriculum_week.save()
    page = pat.get(reverse("homework:week", args=[1])).content.decode()
    assert "A <strong>new</strong> description for week one." in page


def test_each_persons_week_is_their_own(
    client: Client,
    cohort: Cohort,
    enrolment: Enrolment,
    second_participant: User,
    participant: User,
) -> None:
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=38,
    )
    client.force_login(participant)
    assert week(client)["week"].minutes == 38
    client.force_login(second_participant)
    assert week(client)["week"].minutes == 0
    client.logout()
    assert client.get(reverse("homework:week", args=[1])).status_code == 302


def test_the_weeks_list_of_logs_and_entries_follows_edits_and_deletes(
    pat: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    log = PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=12,
    )
    assert [entry.minutes for entry in week(pat)["logs"]] == [12]
    log.minutes = 21
    log.save()
    assert [entry.minutes for entry in week(pat)["logs"]] == [21]
    calendars = {c["kind"]: c["entry_list"] for c in week(pat, 2)["calendars"]}
    assert calendars["pleasant"] == []
    CalendarEntry.objects.create(
        enrolment=enrolment,
        kind="pleasant",
        occurred_on=cohort.start_date + dt.timedelta(days=8),
        event="Birdsong",
    )
    calendars = {c["kind"]: c["entry_list"] for c in week(pat, 2)["calendars"]}
    assert [e.event for e in calendars["pleasant"]] == ["Birdsong"]
    log.delete()
    assert week(pat)["logs"] == []
