from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment
from tests.support.factories import EnrolmentFactory, UserFactory


@pytest.fixture
def instruments(db: None) -> None:
    call_command("load_instruments", stdout=StringIO())


@pytest.fixture
def upcoming(curriculum: Curriculum, instructor: User) -> Cohort:
    """A cohort whose class 1 is ten days away: its baseline is open now."""
    start = timezone.now().astimezone(dt.UTC).date() + dt.timedelta(days=10)
    return create_cohort(
        curriculum=curriculum,
        title="Autumn cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
    )


@pytest.fixture
def newcomer(upcoming: Cohort) -> User:
    user = UserFactory(email="sam@example.org", display_name="Sam")
    EnrolmentFactory(cohort=upcoming, participant=user)
    return user


@pytest.fixture
def new_enrolment(newcomer: User, upcoming: Cohort) -> Enrolment:
    return Enrolment.objects.get(participant=newcomer, cohort=upcoming)


@pytest.fixture
def sam(client: Client, newcomer: User) -> Client:
    client.force_login(newcomer)
    return client
