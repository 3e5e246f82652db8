"""Edge cases found in review: tampered forms, far-off dates, withdrawn people, finished cohorts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.actions import record_attendance
from course.models import Cohort, CohortAssignment, Enrolment
from course.rules import completion_label
from course.selectors import classes_planned
from teach.selectors import build_roster
from tests.support.cohorts import cohort_data

pytestmark = pytest.mark.django_db


def test_a_tampered_targets_form_cannot_create_targets(signed_in: Client, cohort: Cohort) -> None:
    targets = list(cohort.assignments.order_by("week", "position"))
    n = len(targets)
    data = {"form-TOTAL_FORMS": n + 1, "form-INITIAL_FORMS": n}
    for i, target in enumerate(targets):
        data |= {
            f"form-{i}-id": target.pk,
            f"form-{i}-target_minutes_per_day": target.target_minutes_per_day,
            f"form-{i}-target_days_per_week": target.target_days_per_week,
        }
    data |= {f"form-{n}-target_minutes_per_day": 10, f"form-{n}-target_days_per_week": 3}
    response = signed_in.post(reverse("teach:targets", args=[cohort.public_id]), data)
    assert response.status_code in (200, 302)
    assert CohortAssignment.objects.filter(cohort=cohort).count() == n
    assert CohortAssignment.objects.count() == n


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_far_off_dates_are_refused_next_to_the_field(
    signed_in: Client, curriculum: object, cohort: Cohort, year: str
) -> None:
    start = f"{year}-12-20"
    response = signed_in.post(
        reverse("teach:cohort_create"),
        cohort_data(curriculum, start_date=start, day_of_mindfulness=""),
    )
    assert response.status_code == 200
    assert "within 5 years" in str(response.context["form"].errors["start_date"])
    response = signed_in.post(
        reverse("teach:clone", args=[cohort.public_id]), {"title": "x", "start_date": start}
    )
    assert response.status_code == 200
    assert Cohort.objects.count() == 1


def test_saving_attendance_keeps_the_marks_of_people_who_withdrew(
    signed_in: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    pat, robin = Enrolment.objects.filter(cohort=cohort).order_by("participant__email")
    session = cohort.sessions.get(kind="week", number=1)
    record_attendance(session, {pat.pk: "present", robin.pk: "present"}, instructor)
    robin.withdraw()
    url = reverse("teach:attendance", args=[cohort.public_id, session.public_id])
    signed_in.post(url, {f"p-{pat.public_id}": "absent"})
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        pat.pk: "absent",
        robin.pk: "present",
    }
    signed_in.post(url, {f"p-{pat.public_id}": ""})  # clearing Pat leaves Robin's mark alone
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {robin.pk: "present"}


def test_cancelled_and_excused_classes_count_against_completing(cohort: Cohort) -> None:
    cohort.sessions.filter(kind="week", number=8).update(is_cancelled=True)
    held = classes_planned(cohort)
    assert held == 7
    # Threshold 6 of 7 held classes: one absence and one excused absence leave only 5 to attend.
    assert (
        completion_label(cohort, {"present": 2, "absent": 1, "excused": 1}, held)
        == "Cannot complete"
    )
    assert (
        completion_label(cohort, {"present": 2, "absent": 1, "excused": 0}, held) == "2 of 6 needed"
    )
    assert completion_label(cohort, {"present": 6, "absent": 1, "excused": 0}, held) == "Completed"


def test_nobody_is_flagged_for_not_practising_once_the_course_is_over(
    cohort: Cohort, participant: User
) -> None:
    after = dt.datetime.combine(cohort.end_date + dt.timedelta(days=20), dt.time(12), tzinfo=dt.UTC)
    rows = build_roster(cohort, now=after)
    assert rows
    assert not any("No practice" in flag for row in rows for flag in row.flags)
    during = dt.datetime.combine(
        cohort.start_date + dt.timedelta(days=20), dt.time(12), tzinfo=dt.UTC
    )
    assert any(
        "No practice" in flag for row in build_roster(cohort, now=during) for flag in row.flags
    )
