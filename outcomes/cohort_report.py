"""The instructor's outcome report for one cohort or all of an instructor's: the figures, put
together from the report maths (report.py), the scores (selectors.py), practice
(homework.progress) and attendance (course.selectors, course.rules).

Not scoped to a viewer: teach/ checks that the person asking teaches these cohorts.

Adherence over the course, for the scatter plot, is the capped minutes of all eight weeks over
their total target: sum over weeks and assignments of min(minutes, target) divided by the sum of
the targets. It is the weekly figure of homework.progress (WeekProgress.adherence) pooled over
the course rather than averaged week by week, so a short week's target weighs what it asks
and a week without a target simply adds nothing (an average of weekly shares would weigh a
ten-minute week like a forty-five minute one and must skip empty weeks). Weeks that ended
before someone joined count for nothing either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from course.models import Cohort
from course.rules import is_complete
from course.selectors import attended_counts
from homework.progress import CourseProgress, course_progress
from outcomes import charts, report
from outcomes.models import Instrument, TimePoint
from outcomes.selectors import (
    InstrumentOutcome,
    asked_at,
    instrument_outcome,
    response_rates,
    started_enrolments,
    usable_instruments,
)

FOLLOW_UPS = [TimePoint.END_OF_COURSE, TimePoint.FOLLOW_UP_26, TimePoint.FOLLOW_UP_52]
REPORTED_POINTS = [TimePoint.BASELINE, *FOLLOW_UPS]
# Published shares shown beside ours for the same kind of measure.
REFERENCES: dict[str, report.TrialReference] = {
    "pain-bothersomeness": report.CHERKIN_2016_PAIN,
    "rmdq": report.CHERKIN_2016_FUNCTION,
}


def course_adherence(progress: CourseProgress) -> float | None:
    """Capped minutes over target minutes across the whole course (see the module note).

    Weeks that ended before the person joined are left out, as homework.progress leaves them
    unscored: nobody could have practised for them."""
    weeks = [w for w in progress.weeks.values() if not w.before_joining]
    target = sum(a.target_minutes for week in weeks for a in week.assignments)
    if not target:
        return None
    done = sum(min(a.minutes, a.target_minutes) for week in weeks for a in week.assignments)
    return done / target


@dataclass(frozen=True)
class PersonRow:
    """One person in the scatter's table: numbered, not named (the page may be shown around)."""

    number: int
    adherence: float | None
    gain: float | None
    improved: bool | None
    classes: int
    completed: bool


@dataclass
class InstrumentResult:
    outcome: InstrumentOutcome
    reference: report.TrialReference | None
    correlation: report.Correlation
    people: list[PersonRow]
    chart: charts.Scatter | None

    @property
    def instrument(self) -> Instrument:
        return self.outcome.instrument

    @property
    def pairs(self) -> list[PersonRow]:
        """People with both answers and an adherence figure: the points of the scatter."""
        return [p for p in self.people if p.gain is not None and p.adherence is not None]

    @property
    def completers(self) -> tuple[int, int]:
        """(improved, answered both) among those who completed the course."""
        done = [p for p in self.people if p.completed and p.improved is not None]
        return sum(1 for p in done if p.improved), len(done)


@dataclass
class FollowUpResult:
    time_point: str
    label: str
    rate: report.ResponseRate
    instruments: list[InstrumentResult] = field(default_factory=list)


@dataclass
class CohortReport:
    cohorts: list[Cohort]
    started: int
    rates: list[tuple[str, report.ResponseRate]]
    follow_ups: list[FollowUpResult]
    completed: int
    classes_mean: float | None
    too_few: str = report.TOO_FEW
    research_r: float = report.RESEARCH_ADHERENCE_R

    @property
    def completion_suppressed(self) -> bool:
        return self.started < report.MIN_RESPONSES


def build(cohorts: Sequence[Cohort]) -> CohortReport:
    """The report for these cohorts together. Queries do not grow with people or answers:
    the enrolments, response rates, course progress (nine), attendance, instruments (two), then
    four per instrument and follow-up that anyone answered."""
    cohorts = list(cohorts)
    by_id = {c.pk: c for c in cohorts}
    enrolments = started_enrolments(*cohorts) if cohorts else []
    for e in enrolments:
        e.cohort = by_id[e.cohort_id]  # already loaded: saves a query per person below
    rates = response_rates(enrolments, REPORTED_POINTS)
    progress = course_progress(enrolments) if enrolments else {}
    adherence = {pk: course_adherence(p) for pk, p in progress.items()}
    counts = attended_counts([e.pk for e in enrolments])
    completed = {e.pk: is_complete(e.cohort, counts[e.pk]) for e in enrolments}
    present = [counts[e.pk].get("present", 0) for e in enrolments]
    instruments = [i for i in usable_instruments() if i.is_scored]
    number = {e.pk: n for n, e in enumerate(enrolments, start=1)}

    follow_ups = []
    for point in FOLLOW_UPS:
        result = FollowUpResult(point, TimePoint(point).label, rates[point])
        follow_ups.append(result)
        if not rates[point].answered or not rates[TimePoint.BASELINE].answered:
            continue  # nobody answered: nothing to compare, and no queries spent finding out
        for instrument in asked_at(asked_at(instruments, TimePoint.BASELINE), point):
            outcome = instrument_outcome(enrolments, instrument, point)
            people = [
                PersonRow(
                    number[p.enrolment_id],
                    adherence.get(p.enrolment_id),
                    p.gain,
                    p.improved,
                    counts[p.enrolment_id].get("present", 0),
                    completed[p.enrolment_id],
                )
                for p in outcome.people
            ]
            result_row = InstrumentResult(
                outcome=outcome,
                reference=REFERENCES.get(instrument.slug),
                correlation=report.correlation(
                    [p.adherence for p in people], [p.gain for p in people]
                ),
                people=people,
                chart=None,
            )
            pairs = result_row.pairs
            if len(pairs) >= report.MIN_RESPONSES:
                result_row.chart = charts.scatter(
                    [
                        (p.adherence, p.gain)
                        for p in pairs
                        if p.adherence is not None and p.gain is not None
                    ]
                )
            result.instruments.append(result_row)
    return CohortReport(
        cohorts=cohorts,
        started=len(enrolments),
        rates=[(TimePoint(p).label, rates[p]) for p in REPORTED_POINTS],
        follow_ups=follow_ups,
        completed=sum(completed.values()),
        classes_mean=(sum(present) / len(present)) if present else None,
    )
