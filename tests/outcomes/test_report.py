"""The report maths, checked against figures worked out independently and written out here.

Expected numbers were computed by hand and with Python's `statistics` module and a printed
t table (t 0.975 at 15 df = 2.13145, at 5 df = 2.57058), not with outcomes/report.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from course.models import Cohort, Enrolment
from outcomes import report
from outcomes.models import Instrument, TimePoint
from outcomes.selectors import instrument_outcome, started_enrolments
from tests.support.factories import EnrolmentFactory
from tests.support.outcomes import known_cohort, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenty(cohort: Cohort, instruments: None, tmp_path: Path) -> list[Enrolment]:
    return known_cohort(cohort, tmp_path)


def test_the_known_cohort_of_twenty_gives_the_known_pain_figures(
    cohort: Cohort, twenty: list[Enrolment]
) -> None:
    pain = Instrument.objects.get(slug="pain-bothersomeness")
    outcome = instrument_outcome(started_enrolments(cohort), pain)

    assert (outcome.baseline_rate.answered, outcome.baseline_rate.enrolled) == (18, 20)
    assert outcome.baseline_rate.share == pytest.approx(0.90)
    assert (outcome.follow_up_rate.answered, outcome.follow_up_rate.enrolled) == (17, 20)
    assert outcome.follow_up_rate.share == pytest.approx(0.85)

    # 16 people answered both: changes -3 -1 -5 0 -3 -2 0 -2 0 -1 -3 -2 -3 0 -3 -1.
    assert outcome.change.n == 16
    assert outcome.change.mean == pytest.approx(-1.8125)
    assert outcome.change.sd == pytest.approx(1.4705441169852742)
    assert outcome.change.ci_low == pytest.approx(-2.5960976, abs=1e-6)
    assert outcome.change.ci_high == pytest.approx(-1.0289024, abs=1e-6)

    # 30 % or 2 points better: people 1 3 5 6 8 11 12 16 18 and 20 (2 -> 1 is 50 %).
    share = outcome.share
    assert share is not None
    assert (share.improved, share.answered, share.started, share.missing) == (10, 16, 20, 4)
    assert share.of_answered == pytest.approx(0.625)
    assert share.of_started == pytest.approx(0.50)
    assert share.describe() == [
        "Of those who answered both times: 10 of 16 (62 %) improved meaningfully.",
        "Of all who started: 10 of 20 (50 %); 4 without a follow-up answer are counted as "
        "missing, not as improved.",
    ]


def test_the_reverse_scored_instrument_with_a_missing_item_gives_the_known_figures(
    cohort: Cohort, twenty: list[Enrolment]
) -> None:
    pss = Instrument.objects.get(slug="pss-10")
    outcome = instrument_outcome(started_enrolments(cohort), pss)
    people = [p for p in outcome.people if p.baseline is not None]
    assert [p.baseline for p in people] == pytest.approx([24, 32, 17, 160 / 9, 38, 4])
    assert [p.follow_up for p in people] == pytest.approx([17, 26, 10, 20, 30, 0])
    assert (outcome.baseline_rate.answered, outcome.follow_up_rate.answered) == (6, 6)
    assert outcome.baseline_rate.share == pytest.approx(0.30)
    assert outcome.change.n == 6
    assert outcome.change.mean == pytest.approx(-4.962962963)
    assert outcome.change.ci_low == pytest.approx(-8.9217776, abs=1e-6)
    assert outcome.change.ci_high == pytest.approx(-1.0041483, abs=1e-6)
    assert outcome.share is None  # PSS-10 has no meaningful-change rule


def test_the_report_queries_do_not_grow_with_the_cohort(
    cohort: Cohort, twenty: list[Enrolment]
) -> None:
    pain = Instrument.objects.get(slug="pain-bothersomeness")
    people = started_enrolments(cohort)
    with CaptureQueriesContext(connection) as queries:
        instrument_outcome(people, pain)
    # For each time point: the responses, their answers, the instrument's items.
    assert len(queries) == 6


def test_fewer_than_five_answers_print_no_percentages() -> None:
    rate = report.response_rate(4, 12)
    change = report.mean_change([-1, -2, 0, -3])
    share = report.improvement_share([True, True, False, None], started=12)
    r = report.correlation([10, 20, 30, 40], [1, 2, 3, 4])
    assert rate.share is None
    assert change.mean is None
    assert change.ci_low is None
    assert share.of_answered is None
    assert share.of_started is None
    assert r.r is None
    printed = [rate.describe(), change.describe(), *share.describe(), r.describe()]
    assert all("%" not in line for line in printed)
    assert all(report.TOO_FEW in line for line in printed)


def test_five_answers_are_enough_to_summarise() -> None:
    assert report.response_rate(5, 10).describe() == "5 of 10 enrolled answered (50 %)"
    assert report.improvement_share([True] * 2 + [False] * 3, started=8).of_started == 0.25


@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.7062),
        (2, 4.3027),
        (5, 2.5706),
        (9, 2.2622),
        (15, 2.1314),
        (19, 2.0930),
        (30, 2.0423),
        (120, 1.9799),
    ],
)
def test_the_t_quantile_matches_the_printed_table(df: int, expected: float) -> None:
    assert report.t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)
    assert report.t_quantile(0.025, df) == pytest.approx(-expected, abs=1e-4)


def test_the_correlation_of_adherence_and_improvement() -> None:
    # By hand on the five complete pairs (the one with no minutes is dropped):
    # Sxy = 2100, Sxx = 450000, Syy = 10.8, r = 2100 / sqrt(450000 x 10.8).
    minutes = [900, 600, 1200, 300, 750, None]
    gains = [3, 1, 4, 0, 3, 2]
    result = report.correlation(minutes, gains)
    assert result.n == 5
    assert result.r == pytest.approx(0.9525793, abs=1e-6)
    assert result.describe().startswith("Pearson r = 0.95 (n = 5)")


def test_a_constant_variable_has_no_correlation() -> None:
    assert report.correlation([5, 5, 5, 5, 5], [1, 2, 3, 4, 5]).r is None


def test_the_trial_reference_is_labelled_as_such() -> None:
    assert report.CHERKIN_2016_FUNCTION.mbsr_percent == 60.5
    assert report.CHERKIN_2016_FUNCTION.usual_care_percent == 44.1
    assert (report.CHERKIN_2016_PAIN.mbsr_percent, report.CHERKIN_2016_PAIN.usual_care_percent) == (
        44,
        27,
    )
    assert "Trial reference" in report.CHERKIN_2016_FUNCTION.note
    assert "not a comparison group" in report.CHERKIN_2016_PAIN.note


def test_adherence_is_correlated_with_each_persons_gain(
    cohort: Cohort, twenty: list[Enrolment]
) -> None:
    pain = Instrument.objects.get(slug="pain-bothersomeness")
    outcome = instrument_outcome(started_enrolments(cohort), pain)
    gains = {p.enrolment_id: p.gain for p in outcome.people}
    # Gains are "points better": pain went down by 3 for the first person.
    assert gains[twenty[0].pk] == 3
    assert gains[twenty[12].pk] is None  # no end-of-course answer
    # Practice minutes as homework/progress.py would pass them in: 100 per point gained, plus 50.
    minutes = [None if g is None else 100 * g + 50 for g in gains.values()]
    result = report.correlation(minutes, list(gains.values()))
    assert result.n == 16
    assert result.r == pytest.approx(1.0)


def test_denominators_count_everyone_who_started_in_all_the_cohorts_given(
    cohort: Cohort, twenty: list[Enrolment]
) -> None:
    other = EnrolmentFactory(status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.INVITED)  # never started
    submitted(other, "pain-bothersomeness", TimePoint.BASELINE, [6])
    pain = Instrument.objects.get(slug="pain-bothersomeness")
    outcome = instrument_outcome(started_enrolments(cohort, other.cohort), pain)
    # Someone who left still started: counted, and missing at the end, never as improved.
    assert (outcome.baseline_rate.answered, outcome.baseline_rate.enrolled) == (19, 21)
    assert outcome.share is not None
    assert (outcome.share.improved, outcome.share.started) == (10, 21)
