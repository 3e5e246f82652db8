"""Every outcomes model is in the admin for staff, and closed to everyone else."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import (
    CohortOutcomeSettings,
    CohortSupport,
    Instrument,
    IntakeReview,
    Response,
    TimePoint,
)
from tests.support.admin import check_refused, check_staff_can_use
from tests.support.outcomes import submitted

pytestmark = pytest.mark.django_db

OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label == "outcomes"]


@pytest.fixture
def populated(instruments: None, enrolment: Enrolment, cohort: Cohort, instructor: User) -> None:
    submitted(enrolment, "stress", TimePoint.BASELINE, [4])
    CohortOutcomeSettings.objects.create(cohort=cohort, follow_up_52=False)
    CohortSupport.objects.create(cohort=cohort, urgent_help="Call the local crisis line.")
    IntakeReview.objects.create(enrolment=enrolment, author=instructor, notes="Spoke on Monday.")


def test_every_outcomes_model_is_registered() -> None:
    assert set(apps.get_app_config("outcomes").get_models()) == set(OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_staff_can_list_search_add_and_open_each_model(
    client: Client, staff: User, populated: None, model: type[models.Model]
) -> None:
    client.force_login(staff)
    check_staff_can_use(client, model)


@pytest.mark.parametrize("who", ["anonymous", "participant", "instructor"])
def test_the_admin_refuses_people_who_are_not_staff(
    client: Client, populated: None, who: str, request: pytest.FixtureRequest
) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    check_refused(client, (Instrument, Response))
