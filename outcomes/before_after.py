"""A participant's own before and after: their scores at each time point, and their practice.

Described, never judged: the page says what the numbers were and which way they moved, in the
scale's own words, and nothing about whether that is good enough. A fixed number of queries
whatever the number of answers: three for the responses (with answers and items), then
homework.progress.course_progress's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from course.models import Enrolment
from homework.progress import NO_VALUE, CourseProgress, course_progress
from outcomes import charts
from outcomes.models import Answer, Instrument, Item, Response, TimePoint
from outcomes.scoring import score_response

AFTER = [TimePoint.END_OF_COURSE, TimePoint.FOLLOW_UP_26, TimePoint.FOLLOW_UP_52]
POINTS = [TimePoint.BASELINE, *AFTER]
WHEN: dict[str, str] = {
    TimePoint.END_OF_COURSE: "at the end of the course",
    TimePoint.FOLLOW_UP_26: "six months on",
    TimePoint.FOLLOW_UP_52: "a year on",
}


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


@dataclass
class Measure:
    instrument: Instrument
    scores: dict[str, float]  # time point -> score, for those answered

    @property
    def before(self) -> float | None:
        return self.scores.get(TimePoint.BASELINE)

    @property
    def latest(self) -> tuple[str, float] | None:
        for point in reversed(AFTER):
            if point in self.scores:
                return point, self.scores[point]
        return None

    @property
    def scale(self) -> str:
        """The range in words, with the item's own end labels for a single rating."""
        items = list(self.instrument.items.all())
        low, high = self.instrument.score_min, self.instrument.score_max
        if len(items) == 1 and items[0].low_label and items[0].high_label:
            return f"{low} = {items[0].low_label}, {high} = {items[0].high_label}"
        return f"scores run from {low} to {high}"

    def cells(self) -> list[str]:
        return [_number(self.scores[p]) if p in self.scores else NO_VALUE for p in POINTS]

    def sentence(self) -> str:
        latest = self.latest
        if self.before is None or latest is None:
            return ""
        point, now = latest
        difference = now - self.before
        if difference == 0:
            moved = "the same number"
        else:
            moved = f"{_number(abs(difference))} point{'s' if abs(difference) != 1 else ''} "
            moved += "lower" if difference < 0 else "higher"
        return (
            f"Before the course you put this at {_number(self.before)}; "
            f"{WHEN[point]} you put it at {_number(now)}: {moved} ({self.scale})."
        )


@dataclass
class BeforeAndAfter:
    enrolment: Enrolment
    measures: list[Measure]
    progress: CourseProgress | None
    headings: list[str]

    @property
    def compared(self) -> list[Measure]:
        return [m for m in self.measures if m.before is not None and m.latest is not None]

    @property
    def ready(self) -> bool:
        """Open once anything after the course was sent (the end-of-course questionnaire)."""
        return any(p in m.scores for m in self.measures for p in AFTER)

    @property
    def chart(self) -> charts.BeforeAfter:
        rows = []
        for m in self.compared:
            point, now = m.latest  # type: ignore[misc]
            low = float(m.instrument.score_min or 0)
            high = float(m.instrument.score_max or 0)
            label = "Now" if point == TimePoint.END_OF_COURSE else TimePoint(point).label
            rows.append((m.instrument.title, low, high, [("Before", m.before), (label, now)]))
        return charts.before_after(rows)  # type: ignore[arg-type]

    @property
    def minutes(self) -> int:
        return self.progress.minutes if self.progress else 0

    @property
    def days(self) -> int:
        if self.progress is None:
            return 0
        return sum(week.days_practised for week in self.progress.weeks.values())

    @property
    def weeks(self) -> list[tuple[int, int]]:
        if self.progress is None:
            return []
        return [(n, week.minutes) for n, week in sorted(self.progress.weeks.items())]


def before_and_after(enrolment: Enrolment) -> BeforeAndAfter:
    """`enrolment` must be the signed-in person's own, with its cohort loaded."""
    responses = (
        Response.objects.filter(
            enrolment=enrolment, status=Response.Status.SUBMITTED, time_point__in=POINTS
        )
        .select_related("instrument")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("response_id", "item_id", "value")),
            Prefetch("instrument__items", queryset=Item.objects.select_related("subscale")),
        )
        .order_by("instrument__position", "instrument__slug")
    )
    measures: dict[int, Measure] = {}
    for response in responses:
        if not response.instrument.is_scored:
            continue
        score = score_response(response)
        if score is None:
            continue
        measure = measures.setdefault(response.instrument_id, Measure(response.instrument, {}))
        measure.scores[response.time_point] = score.total
    progress = course_progress([enrolment]).get(enrolment.pk)
    return BeforeAndAfter(
        enrolment,
        list(measures.values()),
        progress,
        [TimePoint(p).label for p in POINTS],
    )
