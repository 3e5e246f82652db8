"""What the intake (issue 15) and the instructor pages build on: flags, rates, a cohort's answers."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from course.models import Cohort, Enrolment
from outcomes.loading import load_definition
from outcomes.models import Instrument, Item, TimePoint
from outcomes.scoring import raised_flags
from outcomes.selectors import cohort_responses, response_rates, started_enrolments
from tests.support.factories import EnrolmentFactory
from tests.support.outcomes import submitted

pytestmark = pytest.mark.django_db

TRIAL_INTAKE = {
    "slug": "test-intake",
    "title": "Before we begin",
    "scoring": "none",
    "asked_at": ["intake"],
    "item_defaults": {"scale": "yes_no"},
    "items": [
        {"position": 1, "wording": "A made-up question one?", "flag_on_yes": "talk-first"},
        {"position": 2, "wording": "A made-up question two?", "flag_on_yes": "medical-advice"},
        {"position": 3, "wording": "A made-up question three?"},
    ],
}


@pytest.fixture
def intake(db: None) -> Instrument:
    return load_definition(TRIAL_INTAKE)


def test_a_yes_raises_the_items_flag_and_a_no_does_not(
    intake: Instrument, enrolment: Enrolment
) -> None:
    response = submitted(enrolment, "test-intake", TimePoint.INTAKE, [1, 0, 1])
    response = type(response).objects.prefetch_related("answers__item").get(pk=response.pk)
    assert raised_flags(response) == {"talk-first"}


def test_only_yes_no_items_carry_a_flag(intake: Instrument) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        Item.objects.filter(instrument=intake, position=1).update(
            scale="numeric", scale_min=0, scale_max=10
        )


def test_response_rates_count_people_not_instruments(
    cohort: Cohort, enrolment: Enrolment, instruments: None
) -> None:
    others = [EnrolmentFactory(cohort=cohort) for _ in range(5)]
    for person in [enrolment, *others]:
        submitted(person, "stress", TimePoint.BASELINE, [5])
        submitted(person, "pain-intensity", TimePoint.BASELINE, [4])
    submitted(others[0], "stress", TimePoint.END_OF_COURSE, [3])
    rates = response_rates(started_enrolments(cohort))
    assert (rates["baseline"].answered, rates["baseline"].enrolled) == (6, 6)
    assert rates["baseline"].share == 1.0
    assert rates["end_of_course"].answered == 1
    assert rates["end_of_course"].share is None  # fewer than five: no percentage


def test_a_cohorts_responses_load_in_a_fixed_number_of_queries(
    cohort: Cohort, enrolment: Enrolment, intake: Instrument
) -> None:
    for person in [enrolment, *[EnrolmentFactory(cohort=cohort) for _ in range(4)]]:
        submitted(person, "test-intake", TimePoint.INTAKE, [0, 1, 0])
    submitted(EnrolmentFactory(), "test-intake", TimePoint.INTAKE, [1, 1, 1])  # another cohort
    with CaptureQueriesContext(connection) as queries:
        found = cohort_responses(cohort, TimePoint.INTAKE)
        flags = [raised_flags(r) for r in found]
    assert len(found) == 5
    assert flags == [{"medical-advice"}] * 5
    assert len(queries) == 2
