"""Fixtures for the instructor pages: a second instructor with a cohort of their own, and data."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from accounts.models import Invitation, User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment, Practice
from homework.models import CheckIn, PracticeLog
from tests.factories import EnrolmentFactory, UserFactory


@pytest.fixture
def other_instructor(db: None) -> User:
    return UserFactory(email="other-teacher@example.org", display_name="Other", is_instructor=True)


@pytest.fixture
def other_cohort(curriculum: Curriculum, other_instructor: User) -> Cohort:
    return create_cohort(
        curriculum=curriculum,
        title="Someone else's cohort",
        start_date=timezone.now().date() - dt.timedelta(days=8),
        time_zone="America/New_York",
        instructors=[other_instructor],
    )


@pytest.fixture
def invitation(cohort: Cohort, instructor: User) -> Invitation:
    return Invitation.objects.create(cohort=cohort, email="new@example.org", invited_by=instructor)


def fill_cohort(cohort: Cohort, people: int, *, seed: int = 4) -> list[Enrolment]:
    """`people` participants, each with practice on most days of all eight weeks and check-ins."""
    rng = random.Random(seed)  # a fixed seed: the same data every run
    practices = list(Practice.objects.filter(category=Practice.Category.FORMAL))
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(people)]
    logs, check_ins = [], []
    for enrolment in enrolments:
        for offset in range(56):
            day = cohort.start_date + dt.timedelta(days=offset)
            if rng.random() < 0.7:
                logs.append(
                    PracticeLog(
                        enrolment=enrolment,
                        practice=rng.choice(practices),
                        practised_on=day,
                        minutes=rng.randint(5, 60),
                        shared_with_instructors=rng.random() < 0.3,
                        note=f"note {offset}",
                    )
                )
            if offset % 3 == 0:
                check_ins.append(
                    CheckIn(
                        enrolment=enrolment,
                        day=day,
                        pain=rng.randint(0, 10),
                        stress=rng.randint(0, 10),
                    )
                )
    PracticeLog.objects.bulk_create(logs)
    CheckIn.objects.bulk_create(check_ins)
    return enrolments
