"""Creating a cohort copies the template's targets and lays out its sessions in local time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from course.actions import create_cohort
from course.models import (
    ClassSession,
    Cohort,
    CohortAssignment,
    Curriculum,
    PracticeAssignment,
    WeekKind,
)

pytestmark = pytest.mark.django_db


def make(curriculum: Curriculum, **extra: object) -> Cohort:
    fields = {
        "title": "Thursday group",
        "start_date": dt.date(2026, 3, 5),  # a Thursday; New York changes clocks on 8 March
        "time_zone": "America/New_York",
        "class_time": dt.time(18, 30),
        "day_of_mindfulness": dt.date(2026, 4, 11),  # Saturday between classes 6 and 7
        **extra,
    }
    return create_cohort(curriculum=curriculum, **fields)


def test_it_copies_every_weekly_target(curriculum: Curriculum) -> None:
    cohort = make(curriculum)
    template = PracticeAssignment.objects.filter(week__curriculum=curriculum)
    copies = CohortAssignment.objects.filter(cohort=cohort)
    assert copies.count() == template.count() > 8
    week3 = copies.get(week=3, position=0)
    assert (week3.practice.slug, week3.target_minutes_per_day, week3.target_days_per_week) == (
        "body-scan",
        45,
        6,
    )
    assert [p.slug for p in week3.also_counts.all()] == ["yoga-lying"]


def test_editing_the_cohort_copy_leaves_the_template_alone(curriculum: Curriculum) -> None:
    cohort = make(curriculum)
    cohort.assignments.filter(week=1).update(target_minutes_per_day=30)
    assert (
        PracticeAssignment.objects.get(
            week__curriculum=curriculum, week__number=1
        ).target_minutes_per_day
        == 45
    )


def test_it_schedules_orientation_eight_classes_and_the_day_of_mindfulness(
    curriculum: Curriculum,
) -> None:
    cohort = make(curriculum)
    sessions = list(cohort.sessions.order_by("starts_at"))
    assert [(s.kind, s.number) for s in sessions] == [
        (WeekKind.ORIENTATION, 0),
        *[(WeekKind.WEEK, n) for n in range(1, 7)],
        (WeekKind.RETREAT, 6),
        (WeekKind.WEEK, 7),
        (WeekKind.WEEK, 8),
    ]
    assert cohort.orientation_date == dt.date(2026, 2, 26)
    assert sessions[1].duration_minutes == 180
    assert sessions[-1].duration_minutes == 210


def test_class_times_stay_at_local_wall_time_across_a_dst_change(curriculum: Curriculum) -> None:
    cohort = make(curriculum)
    class1, class2 = ClassSession.objects.filter(
        cohort=cohort, kind=WeekKind.WEEK, number__in=[1, 2]
    ).order_by("number")
    assert class1.starts_at == dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)  # 18:30 EST
    assert class2.starts_at == dt.datetime(2026, 3, 12, 22, 30, tzinfo=dt.UTC)  # 18:30 EDT
    for session in (class1, class2):
        local = session.starts_at.astimezone(cohort.zone)
        assert (local.hour, local.minute) == (18, 30)


def test_it_refuses_a_day_of_mindfulness_after_the_course(curriculum: Curriculum) -> None:
    with pytest.raises(ValidationError) as error:
        make(curriculum, day_of_mindfulness=dt.date(2026, 6, 1))
    assert "day_of_mindfulness" in error.value.message_dict
    assert not Cohort.objects.exists()


def test_it_refuses_an_unknown_time_zone(curriculum: Curriculum) -> None:
    with pytest.raises(ValidationError) as error:
        make(curriculum, time_zone="Mars/Olympus_Mons")
    assert "time_zone" in error.value.message_dict


def test_the_cohort_knows_its_week_in_its_own_time_zone(
    curriculum: Curriculum, instructor: User
) -> None:
    cohort = make(curriculum, instructors=[instructor])
    # 02:00 UTC on Thursday 12 March is still Wednesday evening in New York: week 1.
    assert cohort.current_week(dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC)) == 1
    assert cohort.current_week(dt.datetime(2026, 3, 12, 5, 0, tzinfo=dt.UTC)) == 2
    assert cohort.class_weekday == 3  # Thursday
    assert list(cohort.instructors.all()) == [instructor]
