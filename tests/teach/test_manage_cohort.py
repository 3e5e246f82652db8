"""Creating, editing, rescheduling and copying a cohort through the instructor pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort, record_attendance
from course.models import Cohort, CohortAssignment, Curriculum, Enrolment
from homework.models import PracticeLog
from tests.support.cohorts import cohort_data
from tests.support.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_an_instructor_creates_a_cohort_with_sessions_and_targets(
    signed_in: Client, curriculum: Curriculum, instructor: User
) -> None:
    response = signed_in.post(reverse("teach:cohort_create"), cohort_data(curriculum))
    cohort = Cohort.objects.get(title="Autumn evenings")
    assert response["Location"] == reverse("teach:roster", args=[cohort.public_id])
    assert list(cohort.instructors.all()) == [instructor]
    kinds = list(cohort.sessions.values_list("kind", "number"))
    assert ("orientation", 0) in kinds
    assert [n for k, n in kinds if k == "week"] == list(range(1, 9))
    assert ("retreat", 6) in kinds
    assert cohort.orientation_date == dt.date(2026, 8, 31)
    assert cohort.assignments.count() == CohortAssignment.objects.filter(cohort=cohort).count() > 8
    class_1 = cohort.sessions.get(kind="week", number=1)
    assert class_1.starts_at == dt.datetime(2026, 9, 7, 17, 30, tzinfo=dt.UTC)  # 18:30 BST


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day_of_mindfulness", "2026-12-25", "within the eight weeks"),
        ("completion_threshold", "9", "from 1 to 8"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("start_date", "07/09/26x", "Enter a valid date"),
        ("capacity", "0", "greater than or equal to 1"),
        ("orientation_date", "2026-09-10", "before class 1"),
    ],
)
def test_bad_cohort_input_is_shown_next_to_the_field_not_a_500(
    signed_in: Client, curriculum: Curriculum, field: str, value: str, message: str
) -> None:
    response = signed_in.post(
        reverse("teach:cohort_create"), cohort_data(curriculum, **{field: value})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Cohort.objects.filter(title="Autumn evenings").exists()


def test_changing_the_start_date_replans_the_sessions(
    signed_in: Client, curriculum: Curriculum, instructor: User
) -> None:
    start = timezone.now().date() + dt.timedelta(days=21)
    cohort = create_cohort(
        curriculum=curriculum,
        title="Later",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
    )
    new_start = cohort.start_date + dt.timedelta(days=7)
    data = cohort_data(
        curriculum,
        title=cohort.title,
        start_date=new_start.isoformat(),
        orientation_date=(new_start - dt.timedelta(days=7)).isoformat(),
        day_of_mindfulness=(new_start + dt.timedelta(days=40)).isoformat(),
    )
    response = signed_in.post(reverse("teach:cohort_edit", args=[cohort.public_id]), data)
    assert response.status_code == 302
    assert cohort.sessions.get(kind="week", number=1).starts_at.date() == new_start


def test_a_running_cohort_is_not_replanned_whole(
    signed_in: Client, cohort: Cohort, curriculum: Curriculum
) -> None:
    # Its people hold calendar entries for the sessions; new sessions would orphan them.
    before = list(cohort.sessions.values_list("public_id", flat=True))
    data = cohort_data(
        curriculum,
        title=cohort.title,
        start_date=cohort.start_date.isoformat(),
        orientation_date=cohort.orientation_date.isoformat(),
        day_of_mindfulness=cohort.day_of_mindfulness.isoformat(),
        class_time="19:00",
    )
    response = signed_in.post(reverse("teach:cohort_edit", args=[cohort.public_id]), data)
    assert response.status_code == 200
    assert "Move or cancel single sessions" in response.content.decode()
    assert list(cohort.sessions.values_list("public_id", flat=True)) == before


def test_the_schedule_cannot_be_replanned_once_attendance_is_taken(
    signed_in: Client,
    cohort: Cohort,
    curriculum: Curriculum,
    instructor: User,
    enrolment: Enrolment,
) -> None:
    record_attendance(
        cohort.sessions.get(kind="week", number=1), {enrolment.pk: "present"}, instructor
    )
    data = cohort_data(
        curriculum,
        title=cohort.title,
        start_date=(cohort.start_date + dt.timedelta(days=7)).isoformat(),
        orientation_date=cohort.orientation_date.isoformat(),
        day_of_mindfulness=(cohort.start_date + dt.timedelta(days=41)).isoformat(),
    )
    response = signed_in.post(reverse("teach:cohort_edit", args=[cohort.public_id]), data)
    assert response.status_code == 200
    assert "Attendance has been taken" in " ".join(response.context["form"].errors["start_date"])
    assert cohort.sessions.get(kind="week", number=1).attendance.count() == 1


def test_a_session_is_moved_or_cancelled(signed_in: Client, cohort: Cohort) -> None:
    session = cohort.sessions.get(kind="week", number=5)
    prefix = f"s-{session.public_id}"
    new_day = session.starts_at.date() + dt.timedelta(days=1)
    response = signed_in.post(
        reverse("teach:schedule", args=[cohort.public_id]),
        {
            "session": session.public_id,
            f"{prefix}-day": new_day.isoformat(),
            f"{prefix}-at": "19:00",
            f"{prefix}-is_cancelled": "on",
            f"{prefix}-note": "Bank holiday",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    local = session.starts_at.astimezone(cohort.zone)
    assert (local.date(), local.time()) == (new_day, dt.time(19, 0))
    assert session.is_cancelled
    assert session.note == "Bank holiday"
    # A bad date is reported beside the field of that session.
    response = signed_in.post(
        reverse("teach:schedule", args=[cohort.public_id]),
        {"session": session.public_id, f"{prefix}-day": "soon", f"{prefix}-at": "19:00"},
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_targets_are_edited_for_the_cohort_only(signed_in: Client, cohort: Cohort) -> None:
    targets = list(cohort.assignments.order_by("week", "position"))
    data = {"form-TOTAL_FORMS": len(targets), "form-INITIAL_FORMS": len(targets)}
    for i, target in enumerate(targets):
        data |= {
            f"form-{i}-id": target.pk,
            f"form-{i}-target_minutes_per_day": 30 if i == 0 else target.target_minutes_per_day,
            f"form-{i}-target_days_per_week": target.target_days_per_week,
            f"form-{i}-note": target.note,
        }
    response = signed_in.post(reverse("teach:targets", args=[cohort.public_id]), data)
    assert response.status_code == 302
    targets[0].refresh_from_db()
    assert targets[0].target_minutes_per_day == 30
    assert targets[0].copied_from.target_minutes_per_day == 45  # the curriculum is untouched
    data["form-0-target_days_per_week"] = 9
    response = signed_in.post(reverse("teach:targets", args=[cohort.public_id]), data)
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["target_days_per_week"]


def test_a_cohort_is_copied_to_a_new_start_date_with_sessions_and_targets_shifted(
    signed_in: Client, cohort: Cohort, instructor: User
) -> None:
    target = cohort.assignments.order_by("week", "position").first()
    target.target_minutes_per_day = 33
    target.save()
    moved = cohort.sessions.get(kind="week", number=3)
    moved.starts_at += dt.timedelta(days=1)
    moved.save()
    start = cohort.start_date + dt.timedelta(days=182)
    response = signed_in.post(
        reverse("teach:clone", args=[cohort.public_id]),
        {"title": "Next spring", "start_date": start.isoformat()},
    )
    copy = Cohort.objects.get(title="Next spring")
    assert response["Location"] == reverse("teach:roster", args=[copy.public_id])
    assert list(copy.instructors.all()) == [instructor]
    assert copy.day_of_mindfulness == cohort.day_of_mindfulness + dt.timedelta(days=182)
    assert copy.assignments.order_by("week", "position").first().target_minutes_per_day == 33
    assert copy.assignments.count() == cohort.assignments.count()
    old = {(s.kind, s.number): s.starts_at.astimezone(cohort.zone) for s in cohort.sessions.all()}
    for session in copy.sessions.all():
        local = session.starts_at.astimezone(copy.zone)
        before = old[(session.kind, session.number)]
        assert local.date() == before.date() + dt.timedelta(days=182)
        assert local.time() == before.time()  # wall-clock time kept across a DST change
    assert not copy.enrolments.exists()


def test_the_home_page_shows_headline_figures(
    signed_in: Client, cohort: Cohort, instructor: User
) -> None:
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(3)]
    from course.models import Practice

    week_start = cohort.start_date + dt.timedelta(days=14)
    for minutes, enrolment in zip((45 * 6, 45 * 3, 0), enrolments, strict=True):
        if minutes:
            PracticeLog.objects.create(
                enrolment=enrolment,
                practice=Practice.objects.get(slug="body-scan"),
                practised_on=week_start,
                minutes=min(minutes, 240),
            )
    page = signed_in.get(reverse("teach:home")).content.decode()
    assert "Participants active</dt><dd>3" in page
    assert "median adherence" in page
    upcoming = Cohort.objects.create(
        curriculum=cohort.curriculum,
        title="Later",
        start_date=timezone.now().date() + dt.timedelta(days=30),
    )
    upcoming.instructors.add(instructor)
    with time_machine.travel(timezone.now()):
        page = signed_in.get(reverse("teach:home")).content.decode()
    assert (
        page.index("Running")
        < page.index("Spring cohort")
        < page.index("Upcoming")
        < page.index("Later")
    )


def test_a_garbled_session_id_is_not_found_rather_than_an_error(
    signed_in: Client, cohort: Cohort
) -> None:
    response = signed_in.post(
        reverse("teach:schedule", args=[cohort.public_id]), {"session": "garbage"}
    )
    assert response.status_code == 404


def test_a_lower_threshold_after_the_course_marks_people_completed(
    signed_in: Client,
    cohort: Cohort,
    curriculum: Curriculum,
    instructor: User,
    enrolment: Enrolment,
) -> None:
    classes = list(cohort.sessions.filter(kind="week").order_by("number"))
    for session in (classes[0], classes[1], classes[-1]):
        record_attendance(session, {enrolment.pk: "present"}, instructor)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE  # 3 of 6
    data = cohort_data(
        curriculum,
        title=cohort.title,
        start_date=cohort.start_date.isoformat(),
        orientation_date=cohort.orientation_date.isoformat(),
        day_of_mindfulness=cohort.day_of_mindfulness.isoformat(),
        completion_threshold="3",
        time_zone=cohort.time_zone,
    )
    assert (
        signed_in.post(reverse("teach:cohort_edit", args=[cohort.public_id]), data).status_code
        == 302
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_a_new_cohort_starts_in_the_instructors_own_time_zone(
    signed_in: Client, instructor: User
) -> None:
    instructor.time_zone = "America/Santiago"
    instructor.save()
    form = signed_in.get(reverse("teach:cohort_create")).context["form"]
    assert form["time_zone"].value() == "America/Santiago"
