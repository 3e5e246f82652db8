"""Cached roster rows and CSV parts: a write shows on the next view, nothing leaks between
people or cohorts, and a cached page costs a fixed, smaller number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course import freshness
from course.actions import record_attendance
from course.models import (
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    Enrolment,
    Practice,
    Reading,
)
from homework.actions import add_comment, set_reading_done
from homework.models import CalendarEntry, CheckIn, PracticeLog
from outcomes.actions import record_intake_review
from teach import export
from teach.roster_rows import RosterLine
from tests.support.cohorts import fill_cohort
from tests.support.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def roster(client: Client, cohort: Cohort) -> dict[str, RosterLine]:
    response = client.get(reverse("teach:roster", args=[cohort.public_id]))
    assert response.status_code == 200
    return {line.name: line for line in response.context["rows"]}


def uncached(client: Client, cohort: Cohort) -> dict[str, RosterLine]:
    """The same page computed from nothing: what the cached one must equal."""
    cache.clear()
    return roster(client, cohort)


def body_scan() -> Practice:
    return Practice.objects.get(slug="body-scan")


def log(enrolment: Enrolment, day: dt.date, minutes: int = 40) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan(), practised_on=day, minutes=minutes
    )


# --- A write shows on the next view ---------------------------------------------------------


def test_a_practice_log_changes_the_cached_row_on_the_next_view(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    before = roster(signed_in, cohort)["Pat"]
    assert roster(signed_in, cohort)["Pat"] == before  # served from the cache
    log(enrolment, cohort.start_date)
    after = roster(signed_in, cohort)["Pat"]
    assert after != before
    assert "40/" in after.cells
    assert after.last_practice == cohort.start_date
    assert after == uncached(signed_in, cohort)["Pat"]


def test_a_logged_practice_through_the_form_changes_the_row(
    client: Client, instructor: User, participant: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    client.force_login(instructor)
    before = roster(client, cohort)["Pat"]
    client.force_login(participant)
    response = client.post(
        reverse("homework:log_practice"),
        {
            "practice": body_scan().pk,
            "practised_on": participant.local_date().isoformat(),
            "minutes": "25",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert PracticeLog.objects.filter(enrolment=enrolment).count() == 1
    client.force_login(instructor)
    after = roster(client, cohort)["Pat"]
    assert after != before
    assert after.last_practice == participant.local_date()


def test_a_check_in_changes_the_pain_trend(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    assert roster(signed_in, cohort)["Pat"].pain_change is None
    CheckIn.objects.create(enrolment=enrolment, day=cohort.start_date, pain=6, stress=5)
    CheckIn.objects.create(
        enrolment=enrolment, day=cohort.start_date + dt.timedelta(days=8), pain=3, stress=5
    )
    row = roster(signed_in, cohort)["Pat"]
    assert row.pain_change == -3.0
    assert "6.0 → 3.0 (-3.0)" in row.cells


def test_taking_attendance_changes_the_row(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, instructor: User
) -> None:
    assert "0 present" in roster(signed_in, cohort)["Pat"].cells
    first = cohort.sessions.get(kind="week", number=1)
    record_attendance(first, {enrolment.pk: Attendance.Status.ABSENT}, instructor)
    row = roster(signed_in, cohort)["Pat"]
    assert "0 present, 1 absent" in row.cells
    assert "Missed the last class" in row.cells
    record_attendance(first, {enrolment.pk: Attendance.Status.PRESENT}, instructor)
    row = roster(signed_in, cohort)["Pat"]
    assert "1 present" in row.cells
    assert "Missed the last class" not in row.cells
    assert row == uncached(signed_in, cohort)["Pat"]


def test_editing_a_target_changes_every_row_of_the_cohort(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, second_participant: User
) -> None:
    log(enrolment, cohort.start_date, minutes=60)
    before = roster(signed_in, cohort)
    target = CohortAssignment.objects.filter(cohort=cohort, week=1).order_by("position").first()
    assert target is not None
    target.target_minutes_per_day = 1
    target.save()
    after = roster(signed_in, cohort)
    assert after["Pat"].adherence_of(1) != before["Pat"].adherence_of(1)
    assert after == uncached(signed_in, cohort)


def test_cancelling_a_class_changes_the_rows(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    cohort.completion_threshold = 8
    cohort.save()
    roster(signed_in, cohort)
    session = cohort.sessions.get(kind="week", number=8)
    session.is_cancelled = True
    session.save()
    assert roster(signed_in, cohort) == uncached(signed_in, cohort)


def test_a_new_name_shows_at_once(signed_in: Client, cohort: Cohort, participant: User) -> None:
    roster(signed_in, cohort)
    participant.display_name = "Patricia"
    participant.save()
    rows = roster(signed_in, cohort)
    assert "Patricia" in rows
    assert "Pat" not in rows
    assert ">Patricia</a>" in rows["Patricia"].cells


def test_someone_who_withdraws_leaves_the_roster(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    assert "Pat" in roster(signed_in, cohort)
    enrolment.withdraw()
    assert "Pat" not in roster(signed_in, cohort)


def test_the_next_day_is_judged_afresh(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    log(enrolment, cohort.start_date + dt.timedelta(days=14))  # the running week's first day
    with time_machine.travel(cohort.start_date + dt.timedelta(days=14, hours=12)):
        today = roster(signed_in, cohort)["Pat"]
    with time_machine.travel(cohort.start_date + dt.timedelta(days=20, hours=12)):
        later = roster(signed_in, cohort)["Pat"]
        assert later == uncached(signed_in, cohort)["Pat"]
    assert later.cells != today.cells


@pytest.mark.parametrize(
    "write",
    [
        "practice log",
        "check-in",
        "calendar entry",
        "reading done",
        "comment",
        "attendance",
        "enrolment",
        "intake review",
    ],
)
def test_every_write_of_a_persons_figures_replaces_their_token(
    write: str, cohort: Cohort, enrolment: Enrolment, instructor: User
) -> None:
    _, before = freshness.tokens(cohort.pk, [enrolment.pk])
    day = cohort.start_date
    if write == "practice log":
        log(enrolment, day)
    elif write == "check-in":
        CheckIn.objects.create(enrolment=enrolment, day=day, pain=1, stress=1)
    elif write == "calendar entry":
        CalendarEntry.objects.create(enrolment=enrolment, kind="pleasant", occurred_on=day)
    elif write == "reading done":
        set_reading_done(enrolment, Reading.objects.filter(week__number=1).first(), True)
    elif write == "comment":
        entry = PracticeLog.objects.create(
            enrolment=enrolment,
            practice=body_scan(),
            practised_on=day,
            minutes=5,
            shared_with_instructors=True,
        )
        _, before = freshness.tokens(cohort.pk, [enrolment.pk])
        add_comment(entry, instructor, "Well done")
    elif write == "attendance":
        record_attendance(
            cohort.sessions.get(kind="week", number=1), {enrolment.pk: "present"}, instructor
        )
    elif write == "enrolment":
        enrolment.withdraw()
    elif write == "intake review":
        record_intake_review(enrolment, instructor, decision="go_ahead", notes="")
    _, after = freshness.tokens(cohort.pk, [enrolment.pk])
    assert after[enrolment.pk] != before[enrolment.pk]


@pytest.mark.parametrize("write", ["cohort", "session", "target", "curriculum"])
def test_every_write_of_a_cohorts_settings_replaces_its_token(
    write: str, cohort: Cohort, enrolment: Enrolment
) -> None:
    before, _ = freshness.tokens(cohort.pk, [enrolment.pk])
    if write == "cohort":
        cohort.completion_threshold = 5
        cohort.save()
    elif write == "session":
        ClassSession.objects.filter(cohort=cohort).first().save()  # type: ignore[union-attr]
    elif write == "target":
        target = CohortAssignment.objects.filter(cohort=cohort).first()
        assert target is not None
        target.also_counts.add(Practice.objects.exclude(pk=target.practice_id).first())
    elif write == "curriculum":
        reading = Reading.objects.first()
        assert reading is not None
        reading.save()
    after, _ = freshness.tokens(cohort.pk, [enrolment.pk])
    assert after != before


# --- Nothing leaks --------------------------------------------------------------------------


def test_each_person_and_each_cohort_gets_its_own_rows(
    client: Client,
    signed_in: Client,
    cohort: Cohort,
    enrolment: Enrolment,
    other_cohort: Cohort,
    other_instructor: User,
) -> None:
    log(enrolment, cohort.start_date, minutes=55)
    twin = EnrolmentFactory(
        cohort=other_cohort, participant=UserFactory(display_name="Pat", email="pat2@example.org")
    )
    mine = roster(signed_in, cohort)["Pat"]
    assert "55/" in mine.cells
    client.force_login(other_instructor)
    theirs = roster(client, other_cohort)
    assert list(theirs) == ["Pat"]
    assert "55/" not in theirs["Pat"].cells
    assert str(twin.public_id) in theirs["Pat"].cells
    assert str(enrolment.public_id) not in theirs["Pat"].cells
    # Another cohort's instructor is refused this cohort's roster and files, cached or not.
    for name in ("roster", "export_weeks", "export_entries"):
        assert client.get(reverse(f"teach:{name}", args=[cohort.public_id])).status_code == 404


# --- What a cached page costs ---------------------------------------------------------------


def queries(client: Client, cohort: Cohort) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("teach:roster", args=[cohort.public_id])).status_code == 200
    return len(captured)


# A roster served from the cache, whatever the cohort size:
#  1 the user (the session is cached), 1 the cohort (teaching_cohort)
#  1 the people (plain values), 1 the latest class with marks, 1 the invitations not accepted
CACHED_ROSTER_QUERIES = 5


def test_a_cached_roster_costs_five_queries_for_5_or_40_people(
    signed_in: Client, cohort: Cohort
) -> None:
    fill_cohort(cohort, 5)
    cold = queries(signed_in, cohort)
    assert queries(signed_in, cohort) == CACHED_ROSTER_QUERIES < cold
    fill_cohort(cohort, 35, seed=5)
    queries(signed_in, cohort)
    assert queries(signed_in, cohort) == CACHED_ROSTER_QUERIES


# --- The files ------------------------------------------------------------------------------


def download(client: Client, name: str, cohort: Cohort) -> str:
    response = client.get(reverse(f"teach:{name}", args=[cohort.public_id]))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_cached_files_equal_the_uncached_ones_before_and_after_a_write(
    signed_in: Client, cohort: Cohort, instructor: User
) -> None:
    people = fill_cohort(cohort, 6)
    record_attendance(
        cohort.sessions.get(kind="week", number=1), {people[0].pk: "present"}, instructor
    )
    for name, rows in (("export_weeks", export.week_rows), ("export_entries", export.entry_rows)):
        first = download(signed_in, name, cohort)
        assert first == "".join(export.stream(rows(cohort)))
        assert download(signed_in, name, cohort) == first  # now from the cache
        log(people[2], cohort.start_date + dt.timedelta(days=1), minutes=59)
        after = download(signed_in, name, cohort)
        assert after != first
        assert after == "".join(export.stream(rows(cohort)))
