"""The database refuses rows that must never exist, whatever code path tries to write them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from course.models import (
    ClassSession,
    Cohort,
    CohortAssignment,
    CurriculumWeek,
    Enrolment,
    InformalHomework,
    Practice,
    PracticeAssignment,
    WeekKind,
)
from homework.models import PracticeLog
from tests.support.factories import CohortFactory, CurriculumFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(make: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()  # type: ignore[operator]


@pytest.fixture
def body_scan() -> Practice:
    return Practice.objects.create(slug="bs", name="Body scan")


def test_it_refuses_a_duplicate_enrolment() -> None:
    cohort, person = CohortFactory(), UserFactory()
    Enrolment.objects.create(cohort=cohort, participant=person)
    refused(lambda: Enrolment.objects.create(cohort=cohort, participant=person))
    assert Enrolment.objects.count() == 1


def test_the_same_person_may_join_another_cohort() -> None:
    person = UserFactory()
    Enrolment.objects.create(cohort=CohortFactory(), participant=person)
    Enrolment.objects.create(cohort=CohortFactory(), participant=person)
    assert person.enrolments.count() == 2


@pytest.mark.parametrize(("minutes", "days"), [(0, 6), (241, 6), (45, 0), (45, 8)])
def test_it_refuses_targets_outside_their_range(
    body_scan: Practice, minutes: int, days: int
) -> None:
    week = CurriculumWeek.objects.create(curriculum=CurriculumFactory(), number=1, theme="t")
    refused(
        lambda: PracticeAssignment.objects.create(
            week=week, practice=body_scan, target_minutes_per_day=minutes, target_days_per_week=days
        )
    )
    cohort = CohortFactory()
    refused(
        lambda: CohortAssignment.objects.create(
            cohort=cohort,
            week=1,
            practice=body_scan,
            target_minutes_per_day=minutes,
            target_days_per_week=days,
        )
    )
    assert not PracticeAssignment.objects.filter(week=week).exists()
    assert not CohortAssignment.objects.filter(cohort=cohort).exists()


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (WeekKind.WEEK, 0),
        (WeekKind.WEEK, 9),
        (WeekKind.ORIENTATION, 1),
        (WeekKind.RETREAT, 0),
        (WeekKind.RETREAT, 9),
    ],
)
def test_it_refuses_curriculum_weeks_outside_the_course(kind: str, number: int) -> None:
    refused(
        lambda: CurriculumWeek.objects.create(
            curriculum=CurriculumFactory(), kind=kind, number=number, theme="t"
        )
    )


def test_it_refuses_a_second_orientation_or_a_repeated_week() -> None:
    curriculum = CurriculumFactory()
    CurriculumWeek.objects.create(
        curriculum=curriculum, kind=WeekKind.ORIENTATION, number=0, theme="o"
    )
    CurriculumWeek.objects.create(curriculum=curriculum, number=3, theme="w3")
    refused(
        lambda: CurriculumWeek.objects.create(
            curriculum=curriculum, kind=WeekKind.ORIENTATION, number=0, theme="again"
        )
    )
    refused(lambda: CurriculumWeek.objects.create(curriculum=curriculum, number=3, theme="again"))


@pytest.mark.parametrize("week", [0, 9])
def test_it_refuses_cohort_targets_outside_the_course(body_scan: Practice, week: int) -> None:
    refused(
        lambda: CohortAssignment.objects.create(
            cohort=CohortFactory(), week=week, practice=body_scan, target_minutes_per_day=45
        )
    )


@pytest.mark.parametrize(
    ("kind", "number"), [(WeekKind.WEEK, 9), (WeekKind.WEEK, 0), (WeekKind.ORIENTATION, 2)]
)
def test_it_refuses_a_session_outside_its_cohort_course(kind: str, number: int) -> None:
    cohort = CohortFactory()
    refused(
        lambda: ClassSession.objects.create(
            cohort=cohort,
            kind=kind,
            number=number,
            starts_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    )


def test_it_refuses_a_session_without_a_cohort_or_twice_in_one_week() -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    refused(lambda: ClassSession.objects.create(cohort=None, number=1, starts_at=start))
    cohort = CohortFactory()
    ClassSession.objects.create(cohort=cohort, number=1, starts_at=start)
    refused(lambda: ClassSession.objects.create(cohort=cohort, number=1, starts_at=start))
    refused(
        lambda: ClassSession.objects.create(
            cohort=cohort, number=2, starts_at=start, duration_minutes=0
        )
    )


def test_it_refuses_impossible_cohort_settings() -> None:
    start = dt.date(2026, 3, 2)
    refused(lambda: CohortFactory(start_date=start, capacity=0))
    refused(lambda: CohortFactory(start_date=start, completion_threshold=0))
    refused(lambda: CohortFactory(start_date=start, completion_threshold=9))
    refused(lambda: CohortFactory(start_date=start, orientation_date=start))
    refused(
        lambda: CohortFactory(start_date=start, day_of_mindfulness=start - dt.timedelta(days=1))
    )
    assert not Cohort.objects.exists()


def test_it_refuses_a_calendar_without_entries_or_entries_without_a_calendar() -> None:
    week = CurriculumWeek.objects.create(curriculum=CurriculumFactory(), number=2, theme="t")
    refused(
        lambda: InformalHomework.objects.create(
            week=week, title="x", calendar="pleasant", entries_expected=0
        )
    )
    refused(
        lambda: InformalHomework.objects.create(
            week=week, title="x", calendar="", entries_expected=3
        )
    )
    refused(
        lambda: InformalHomework.objects.create(
            week=week, title="x", calendar="pleasant", entries_expected=8
        )
    )


@pytest.mark.parametrize("minutes", [0, 241])
def test_it_refuses_a_practice_log_outside_the_minute_range(
    body_scan: Practice, minutes: int
) -> None:
    enrolment = Enrolment.objects.create(cohort=CohortFactory(), participant=UserFactory())
    refused(
        lambda: PracticeLog.objects.create(
            enrolment=enrolment,
            practice=body_scan,
            practised_on=dt.date(2026, 3, 3),
            minutes=minutes,
        )
    )


def test_it_refuses_two_accounts_whose_emails_differ_only_in_case() -> None:
    UserFactory(email="kim@example.org")
    refused(lambda: UserFactory(email="KIM@example.org"))
