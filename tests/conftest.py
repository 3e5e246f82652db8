"""Shared fixtures: the four personas every view is tested with, the curriculum, and Redis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment
from tests.factories import EnrolmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    # allauth's rate limits count in the (real, Redis) cache: each test starts from zero.
    cache.clear()


@pytest.fixture
def curriculum(db: None) -> Curriculum:
    call_command("load_curriculum", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Curriculum.objects.get(slug="mbsr-8-week")


@pytest.fixture
def instructor(db: None) -> User:
    return UserFactory(email="teacher@example.org", display_name="Teacher", is_instructor=True)


@pytest.fixture
def cohort(curriculum: Curriculum, instructor: User) -> Cohort:
    start = timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=15)
    return create_cohort(
        curriculum=curriculum,
        title="Spring cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
        day_of_mindfulness=start + dt.timedelta(days=40),
    )


@pytest.fixture
def participant(cohort: Cohort) -> User:
    user = UserFactory(email="pat@example.org", display_name="Pat")
    EnrolmentFactory(cohort=cohort, participant=user)
    return user


@pytest.fixture
def second_participant(cohort: Cohort) -> User:
    user = UserFactory(email="robin@example.org", display_name="Robin")
    EnrolmentFactory(cohort=cohort, participant=user)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but in no cohort and teaching none."""
    return UserFactory(email="outsider@example.org", display_name="Outsider")


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory(email="operator@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def enrolment(participant: User, cohort: Cohort) -> Enrolment:
    return Enrolment.objects.get(participant=participant, cohort=cohort)
