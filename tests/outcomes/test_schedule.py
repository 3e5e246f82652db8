"""Questionnaire windows follow the cohort's local calendar, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from course.models import Cohort
from outcomes.models import CohortOutcomeSettings
from outcomes.schedule import open_windows, windows
from tests.support.factories import CohortFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def new_york() -> Cohort:
    # Class 1 on Monday 11 January 2027 at 18:30; clocks go forward on 14 March 2027.
    return CohortFactory(
        start_date=dt.date(2027, 1, 11), time_zone="America/New_York", class_time=dt.time(18, 30)
    )


def test_baseline_runs_from_enrolment_until_class_1_starts(new_york: Cohort) -> None:
    w = windows(new_york, at(2026, 12, 20, 10))["baseline"]
    assert w.opens_at == at(2026, 12, 20, 10)
    assert w.closes_at == at(2027, 1, 11, 23, 30)  # 18:30 EST
    assert w.is_open(at(2027, 1, 11, 23, 29))
    assert not w.is_open(at(2027, 1, 11, 23, 30))


def test_class_1_rescheduled_moves_the_baseline_close(new_york: Cohort) -> None:
    moved = at(2027, 1, 12, 1)
    w = windows(new_york, at(2026, 12, 20), class_one_at=moved)["baseline"]
    assert w.closes_at == moved


def test_someone_joining_after_class_1_has_no_baseline(new_york: Cohort) -> None:
    w = windows(new_york, at(2027, 1, 20))["baseline"]
    assert w.opens_at == w.closes_at
    assert not w.is_open(at(2027, 1, 20))


def test_end_of_course_spans_week_8_and_two_weeks_more_across_the_clock_change(
    new_york: Cohort,
) -> None:
    w = windows(new_york, at(2026, 12, 20))["end_of_course"]
    # Week 8 starts Monday 1 March (EST, UTC-5); the course ends Sunday 7 March; the window
    # closes at the end of Sunday 21 March, after the change to EDT (UTC-4).
    assert w.opens_at == at(2027, 3, 1, 5)
    assert w.closes_at == at(2027, 3, 22, 4)


def test_follow_ups_open_two_weeks_either_side_of_26_and_52_weeks(new_york: Cohort) -> None:
    every = windows(new_york, at(2026, 12, 20))
    # 26 weeks after 11 January 2027 is 12 July; 52 weeks is 10 January 2028.
    assert every["follow_up_26"].opens_at == at(2027, 6, 28, 4)
    assert every["follow_up_26"].closes_at == at(2027, 7, 27, 4)
    assert every["follow_up_52"].opens_at == at(2027, 12, 27, 5)
    assert every["follow_up_52"].closes_at == at(2028, 1, 25, 5)


def test_the_cohort_can_switch_each_follow_up_off(new_york: Cohort) -> None:
    settings = CohortOutcomeSettings.objects.create(cohort=new_york, follow_up_26=False)
    every = windows(new_york, at(2026, 12, 20), settings=CohortOutcomeSettings.for_cohort(new_york))
    assert "follow_up_26" not in every
    assert "follow_up_52" in every
    settings.follow_up_52 = False
    settings.save()
    every = windows(new_york, at(2026, 12, 20), settings=CohortOutcomeSettings.for_cohort(new_york))
    assert set(every) == {"intake", "baseline", "end_of_course"}


def test_without_saved_settings_both_follow_ups_are_asked(new_york: Cohort) -> None:
    assert CohortOutcomeSettings.for_cohort(new_york).pk is None
    assert {"follow_up_26", "follow_up_52"} <= set(windows(new_york, at(2026, 12, 20)))


def test_what_is_open_on_a_given_day(new_york: Cohort) -> None:
    enrolled = at(2026, 12, 20)
    assert {w.time_point for w in open_windows(new_york, enrolled, at(2027, 1, 5))} == {
        "intake",
        "baseline",
    }
    assert open_windows(new_york, enrolled, at(2027, 2, 1)) == []
    assert [w.time_point for w in open_windows(new_york, enrolled, at(2027, 3, 15))] == [
        "end_of_course"
    ]
