"""Progress maths: the one place that turns logs into "4 of 6 days · 182 of 270 min".

Dashboard, week pages, the instructor roster, the CSV export and the weekly e-mails all ask
`course_progress()` (or `week_progress()`), for one enrolment or thousands, and get the same
numbers. It reads a fixed number of queries whatever the number of enrolments or logs: every
table is read once for the whole batch and the rest is arithmetic in Python.

Counting rules (stated to participants and instructors on the "How we count" page,
templates/homework/how_we_count.html)
- Only formal practice counts: minutes and days of practice leave informal practice (a breathing
  space, mindful eating) out, so three minutes of it never turns a six-day week into seven.
- A log counts towards the first assignment of its week (by position) whose practices include it
  ("alternate A and B" lists both); an "own mix" assignment takes every formal practice the
  week's other assignments did not claim.
- A day of practice is a day with at least one minute of formal practice. Day counts can never
  pass seven; beyond the days asked they show as extra ("6 of 6 days (+1)").
- Adherence is actual over assigned minutes, each assignment capped at its weekly target before
  adding up, so a long body scan does not hide a skipped sitting practice.
- On track: practised on at least all but one of the days asked, with at least half the
  assigned minutes. The roster's colours follow the same thresholds.
- The week that is still running is judged on pace, never failed: what was done against what a
  steady pace would have done by today, with the days left. Weeks that ended before someone
  joined are not scored at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from statistics import fmean

from django.core.cache import cache
from django.db.models import Max, Sum

from course import freshness
from course.calendar import COURSE_WEEKS, course_week, local_date, week_dates
from course.models import CohortAssignment, Enrolment, InformalHomework, Practice, Reading, WeekKind
from homework.models import CalendarEntry, CheckIn, PracticeLog, ReadingDone

WEEKS = range(1, COURSE_WEEKS + 1)
NO_VALUE = "\u2013"  # an en dash: "nothing to show"
# A week is on track with at least half its assigned minutes (and its days, see on_track);
# below this share a finished week shows as low, and two such weeks in a row flag slipping.
LOW_ADHERENCE = 0.5
GOOD_ADHERENCE = 0.8


def days_text(days: int, target: int) -> str:
    """ "4 of 6 days"; past the target the extra days show apart, so no figure reads "7 of 6"."""
    if target and days > target:
        return f"{target} of {target} days (+{days - target})"
    return f"{days} of {target} day{'s' if target != 1 else ''}"


class Standing(StrEnum):
    """Where a week stands for one person; pages colour and word it from this alone."""

    NOT_ENROLLED = "not-enrolled"  # the week ended before they joined: not scored
    NOT_BEGUN = "not-begun"
    RUNNING = "running"  # their current week: judged on pace, never failed
    NO_TARGET = "no-target"
    ON_TRACK = "on-track"
    PARTWAY = "partway"
    LOW = "low"


@dataclass(frozen=True)
class Pace:
    """How the running week is going: done so far against a steady pace to the target."""

    day: int  # day 1-7 of the week, today included
    days_left: int  # today and the days after it
    days_due: int  # days a steady pace to the target would have practised before today
    days_done: int
    target_days: int

    @property
    def on_pace(self) -> bool:
        return self.days_done >= self.days_due

    @property
    def reached(self) -> bool:
        return self.days_done >= self.target_days > 0

    @property
    def short(self) -> str:
        """A roster cell's words."""
        if self.reached:
            return "target reached"
        return (
            "on pace"
            if self.on_pace
            else f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        )

    @property
    def text(self) -> str:
        left = f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        if self.reached:
            return f"Target reached: {days_text(self.days_done, self.target_days)}"
        if self.on_pace:
            return f"On pace: {days_text(self.days_done, self.target_days)} so far, {left}"
        if self.days_done + self.days_left >= self.target_days:
            return f"{left} to reach {self.target_days}: {self.days_done} so far"
        return f"{days_text(self.days_done, self.target_days)} so far, {left}"


@dataclass
class AssignmentProgress:
    assignment: CohortAssignment
    minutes: int = 0
    days: set[dt.date] = field(default_factory=set)

    @property
    def target_minutes(self) -> int:
        return self.assignment.target_minutes_per_week

    @property
    def target_days(self) -> int:
        return self.assignment.target_days_per_week

    @property
    def days_practised(self) -> int:
        return len(self.days)

    @property
    def minutes_fraction(self) -> float:
        return min(1.0, self.minutes / self.target_minutes) if self.target_minutes else 0.0

    @property
    def days_fraction(self) -> float:
        return min(1.0, self.days_practised / self.target_days) if self.target_days else 0.0

    @property
    def days_label(self) -> str:
        return days_text(self.days_practised, self.target_days)

    @property
    def summary(self) -> str:
        return (
            f"{days_text(self.days_practised, self.target_days)} · "
            f"{self.minutes} of {self.target_minutes} min"
        )


@dataclass(frozen=True)
class WeekCell:
    """A week as a table cell shows it, worked out once: its shade, its headline and the small
    print (strings, so a template of 200 people times 8 weeks only prints them)."""

    level: str
    headline: str
    detail: str


@dataclass
class CheckInSummary:
    count: int = 0
    pain: float | None = None
    stress: float | None = None
    sleep: float | None = None


@dataclass
class WeekProgress:
    enrolment_id: int
    week: int
    first_day: dt.date
    last_day: dt.date
    assignments: list[AssignmentProgress] = field(default_factory=list)
    minutes: int = 0  # all formal practice this week, assigned or not
    practice_days: set[dt.date] = field(default_factory=set)
    readings_total: int = 0
    readings_done: int = 0
    calendar_expected: dict[str, int] = field(default_factory=dict)
    calendar_entries: dict[str, int] = field(default_factory=dict)
    check_ins: CheckInSummary = field(default_factory=CheckInSummary)
    # The person's own "today" and the day they joined (cohort time), for judging the week.
    today: dt.date | None = None
    joined_on: dt.date | None = None

    @property
    def days_practised(self) -> int:
        return len(self.practice_days)

    @property
    def days_label(self) -> str:
        return days_text(self.days_practised, self.target_days)

    @property
    def days_short(self) -> str:
        """ "4/6 d" for a table cell; extra days beyond the target show apart ("6/6 d +1")."""
        days, target = self.days_practised, self.target_days
        if target and days > target:
            return f"{target}/{target} d +{days - target}"
        return f"{days}/{target} d"

    @property
    def before_joining(self) -> bool:
        return self.joined_on is not None and self.last_day < self.joined_on

    @property
    def whole_week_enrolled(self) -> bool:
        """Enrolled from the week's first day: only such weeks can flag someone as slipping."""
        return self.joined_on is None or self.joined_on <= self.first_day

    @property
    def is_over(self) -> bool:
        return self.today is not None and self.today > self.last_day

    @property
    def standing(self) -> Standing:
        if self.before_joining:
            return Standing.NOT_ENROLLED
        if self.today is not None and self.today < self.first_day:
            return Standing.NOT_BEGUN
        if self.today is not None and self.today <= self.last_day:
            return Standing.RUNNING
        if self.adherence is None:
            return Standing.NO_TARGET
        if self.on_track:
            return Standing.ON_TRACK
        return Standing.PARTWAY if self.adherence >= LOW_ADHERENCE else Standing.LOW

    @property
    def level(self) -> str:
        """The colour class of the week's cell: a finished week's adherence, else neutral.

        The number or words are always printed beside it; the colour only repeats them."""
        standing = self.standing
        if standing in (Standing.ON_TRACK, Standing.PARTWAY, Standing.LOW):
            adherence = self.adherence or 0.0
            if adherence >= GOOD_ADHERENCE and standing == Standing.ON_TRACK:
                return "good"
            return "some" if adherence >= LOW_ADHERENCE else "low"
        return "current" if standing == Standing.RUNNING else "none"

    @property
    def pace(self) -> Pace | None:
        """For the running week: days done against a steady pace (None for other weeks)."""
        if self.standing != Standing.RUNNING or self.today is None:
            return None
        day = (self.today - self.first_day).days + 1
        return Pace(
            day=day,
            days_left=8 - day,
            # A steady pace reaches the target on the last day: so much of it is due by the
            # start of today.
            days_due=(self.target_days * (day - 1)) // 7,
            days_done=self.days_practised,
            target_days=self.target_days,
        )

    @cached_property
    def cell(self) -> WeekCell:
        """The roster's and participant page's cell for this week (computed once per week)."""
        standing = self.standing
        figures = f"{self.days_short} · {self.minutes}/{self.target_minutes} min"
        if standing == Standing.NOT_BEGUN:
            return WeekCell("none", "", "not begun")
        if standing == Standing.NOT_ENROLLED:
            return WeekCell("none", "", "before joining")
        if standing == Standing.RUNNING:
            pace = self.pace
            return WeekCell("current", pace.short if pace else "", f"{figures} so far")
        return WeekCell(self.level, format_percent(self.adherence), figures)

    @property
    def target_minutes(self) -> int:
        return sum(a.target_minutes for a in self.assignments)

    @property
    def target_days(self) -> int:
        return max((a.target_days for a in self.assignments), default=0)

    @property
    def adherence(self) -> float | None:
        """Share of the week's assigned minutes done, each assignment capped at its target."""
        target = self.target_minutes
        if not target:
            return None
        return sum(min(a.minutes, a.target_minutes) for a in self.assignments) / target

    @property
    def adherence_label(self) -> str:
        return format_percent(self.adherence)

    @property
    def summary(self) -> str:
        """All formal practice this week against the week's targets, in words."""
        return (
            f"{days_text(self.days_practised, self.target_days)} · "
            f"{self.minutes} of {self.target_minutes} min"
        )

    @property
    def on_track(self) -> bool:
        """On track, the one definition: practised on at least all but one of the days asked
        (consistency, not perfection) with at least half the assigned minutes."""
        return (
            bool(self.target_days)
            and self.days_practised >= max(1, self.target_days - 1)
            and (self.adherence or 0.0) >= LOW_ADHERENCE
        )


@dataclass
class CourseProgress:
    enrolment_id: int
    weeks: dict[int, WeekProgress]
    # Per local day of the course: minutes logged, and the check-in's (pain, stress). Pages draw
    # their charts from these instead of reading the logs again.
    daily_minutes: dict[dt.date, int] = field(default_factory=dict)
    daily_scores: dict[dt.date, tuple[int, int]] = field(default_factory=dict)

    def minutes_by_day(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
        """Minutes on each day from `first` to `last` inclusive, zeros included."""
        days = (last - first).days + 1
        return [
            (day, self.daily_minutes.get(day, 0))
            for day in (first + dt.timedelta(days=i) for i in range(max(days, 0)))
        ]

    def weeks_on_track(self, up_to: int) -> int:
        """Finished weeks (up to week `up_to`) that were on track: the same judgement as the
        roster's, so a participant never reads "on track" for a week their teacher sees red."""
        return sum(
            1 for n, week in self.weeks.items() if n <= up_to and week.standing == Standing.ON_TRACK
        )

    def weeks_finished(self, up_to: int) -> int:
        """Weeks up to `up_to` that are over and were theirs to score (joined before they ended)."""
        return sum(
            1
            for n, week in self.weeks.items()
            if n <= up_to and week.is_over and not week.before_joining
        )

    @property
    def minutes(self) -> int:
        return sum(week.minutes for week in self.weeks.values())


def week_progress(
    enrolments: Sequence[Enrolment], week: int, today: Today = None
) -> dict[int, WeekProgress]:
    """Progress of each enrolment in one course week, keyed by enrolment id."""
    return {
        pk: course.weeks[week]
        for pk, course in course_progress(enrolments, weeks=[week], today=today).items()
    }


Today = dt.date | dict[int, dt.date] | None


def course_progress(
    enrolments: Sequence[Enrolment], weeks: Iterable[int] = WEEKS, today: Today = None
) -> dict[int, CourseProgress]:
    """Progress of each enrolment over the given weeks, keyed by enrolment id.

    `enrolments` must have `cohort` loaded (select_related) or it costs a query each; they may
    belong to different cohorts. Nine queries in all, whatever the batch size.
    `today` is the day to judge the weeks on: one date, or one per enrolment id (each person's
    own clock); without it, each cohort's today. It decides which week is still running.
    """
    weeks = sorted(set(weeks))
    if not enrolments or not weeks:
        return {}
    if weeks[0] < 1 or weeks[-1] > COURSE_WEEKS:
        raise ValueError(f"weeks must be within 1-{COURSE_WEEKS}")
    cohorts = {e.cohort_id: e.cohort for e in enrolments}
    curricula = {c.curriculum_id for c in cohorts.values()}
    ids = [e.pk for e in enrolments]
    first = min(week_dates(c, weeks[0])[0] for c in cohorts.values())
    last = max(week_dates(c, weeks[-1])[1] for c in cohorts.values())

    # 1-2. The cohorts' own targets, with their alternates.
    assignments: dict[tuple[int, int], list[CohortAssignment]] = defaultdict(list)
    for a in (
        CohortAssignment.objects.filter(cohort_id__in=cohorts, week__in=weeks)
        .select_related("practice")
        .prefetch_related("also_counts")
        .order_by("week", "position")
    ):
        assignments[(a.cohort_id, a.week)].append(a)
    # Which target of its week each practice counts towards, worked out once per cohort week
    # rather than once per log (the alternates are prefetched, but walking them per log was
    # the roster's largest cost).
    claims = {key: _claims(week_targets) for key, week_targets in assignments.items()}
    # 3. Formal practices (an "own mix" target counts only these).
    formal = set(
        Practice.objects.filter(category=Practice.Category.FORMAL).values_list("pk", flat=True)
    )
    # 4. Readings and calendars the curriculum asks for in each week.
    readings_total: dict[tuple[int, int], int] = defaultdict(int)
    reading_week: dict[int, tuple[int, int]] = {}
    for pk, curriculum_id, number in Reading.objects.filter(
        week__curriculum_id__in=curricula, week__kind=WeekKind.WEEK, week__number__in=weeks
    ).values_list("pk", "week__curriculum_id", "week__number"):
        readings_total[(curriculum_id, number)] += 1
        reading_week[pk] = (curriculum_id, number)
    expected: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for curriculum_id, number, kind, count in (
        InformalHomework.objects.filter(
            week__curriculum_id__in=curricula, week__kind=WeekKind.WEEK, week__number__in=weeks
        )
        .exclude(calendar="")
        .values_list("week__curriculum_id", "week__number", "calendar", "entries_expected")
    ):
        expected[(curriculum_id, number)][kind] += count

    result: dict[int, CourseProgress] = {}
    cohort_today = {pk: cohort.local_today() for pk, cohort in cohorts.items()}
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        result[enrolment.pk] = CourseProgress(enrolment.pk, {})
        if isinstance(today, dict):
            judged_on = today.get(enrolment.pk) or cohort_today[cohort.pk]
        else:
            judged_on = today or cohort_today[cohort.pk]
        joined_on = local_date(cohort, enrolment.joined_at) if enrolment.joined_at else None
        for n in weeks:
            start, end = week_dates(cohort, n)
            key = (cohort.curriculum_id, n)
            result[enrolment.pk].weeks[n] = WeekProgress(
                enrolment_id=enrolment.pk,
                week=n,
                first_day=start,
                last_day=end,
                assignments=[AssignmentProgress(a) for a in assignments[(cohort.pk, n)]],
                readings_total=readings_total[key],
                calendar_expected=dict(expected[key]),
                today=judged_on,
                joined_on=joined_on,
            )

    cohort_of = {e.pk: cohorts[e.cohort_id] for e in enrolments}

    def week_of(enrolment_id: int, day: dt.date) -> WeekProgress | None:
        number = course_week(cohort_of[enrolment_id], day)
        return result[enrolment_id].weeks.get(number) if number else None

    # 5. Minutes per enrolment, practice and day.
    for enrolment_id, practice_id, day, minutes in (
        PracticeLog.objects.filter(enrolment_id__in=ids, practised_on__range=(first, last))
        .values("enrolment_id", "practice_id", "practised_on")
        .annotate(total=Sum("minutes"))
        .values_list("enrolment_id", "practice_id", "practised_on", "total")
        .order_by()
    ):
        week = week_of(enrolment_id, day)
        if week is None or practice_id not in formal:
            continue  # informal practice is recorded, but no formal figure counts it
        week.minutes += minutes
        week.practice_days.add(day)
        daily = result[enrolment_id].daily_minutes
        daily[day] = daily.get(day, 0) + minutes
        by_practice, own_mix = claims.get((cohort_of[enrolment_id].pk, week.week), ({}, None))
        index = by_practice.get(practice_id, own_mix)
        target = week.assignments[index] if index is not None else None
        if target is not None:
            target.minutes += minutes
            target.days.add(day)

    # 6. Readings marked as read (counted in the week the curriculum puts them).
    for enrolment_id, reading_id in ReadingDone.objects.filter(
        enrolment_id__in=ids, reading_id__in=reading_week
    ).values_list("enrolment_id", "reading_id"):
        _, number = reading_week[reading_id]
        result[enrolment_id].weeks[number].readings_done += 1

    # 7. Calendar entries by the day they describe.
    for enrolment_id, kind, day in CalendarEntry.objects.filter(
        enrolment_id__in=ids, occurred_on__range=(first, last)
    ).values_list("enrolment_id", "kind", "occurred_on"):
        week = week_of(enrolment_id, day)
        if week is not None:
            week.calendar_entries[kind] = week.calendar_entries.get(kind, 0) + 1

    # 8. Check-ins, averaged per week.
    scores: dict[tuple[int, int], list[tuple[int, int, int | None]]] = defaultdict(list)
    for enrolment_id, day, pain, stress, sleep in CheckIn.objects.filter(
        enrolment_id__in=ids, day__range=(first, last)
    ).values_list("enrolment_id", "day", "pain", "stress", "sleep_quality"):
        week = week_of(enrolment_id, day)
        if week is not None:
            scores[(enrolment_id, week.week)].append((pain, stress, sleep))
            result[enrolment_id].daily_scores[day] = (pain, stress)
    for (enrolment_id, n), rows in scores.items():
        sleeps = [s for _, _, s in rows if s is not None]
        result[enrolment_id].weeks[n].check_ins = CheckInSummary(
            count=len(rows),
            pain=round(fmean(p for p, _, _ in rows), 1),
            stress=round(fmean(s for _, s, _ in rows), 1),
            sleep=round(fmean(sleeps), 1) if sleeps else None,
        )
    return result


def _claims(targets: Sequence[CohortAssignment]) -> tuple[dict[int, int], int | None]:
    """For one cohort week: practice id -> the index of the first target (by position) whose
    practices include it, and the index of the "own mix" target that takes any other formal
    practice (the caller has already left informal practice out)."""
    by_practice: dict[int, int] = {}
    own_mix = None
    for index, target in enumerate(targets):
        if target.practice_id is None:
            own_mix = index if own_mix is None else own_mix
            continue
        by_practice.setdefault(target.practice_id, index)
        for alternate in target.also_counts.all():
            by_practice.setdefault(alternate.pk, index)
    return by_practice, own_mix


def last_practice_dates(enrolment_ids: Sequence[int]) -> dict[int, dt.date]:
    """The latest day each enrolment logged practice (one aggregated query)."""
    return dict(
        PracticeLog.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id")
        .annotate(last=Max("practised_on"))
        .values_list("enrolment_id", "last")
        .order_by()
    )


def format_percent(fraction: float | None) -> str:
    """The one way a share is printed, on pages, in exports and in e-mails: "42%"."""
    return NO_VALUE if fraction is None else f"{round(fraction * 100)}%"


# --- One person's progress, kept in the cache ---------------------------------------------------

PROGRESS_FORMAT = "1"  # raise when CourseProgress or what it holds changes shape
PROGRESS_TIMEOUT = 36 * 60 * 60


def cached_course_progress(
    enrolment: Enrolment, today: dt.date, tokens: freshness.Tokens | None = None
) -> CourseProgress:
    """`course_progress([enrolment], today=today)` for one person's own pages (their week page,
    the instructor's page about them), kept in Redis between views.

    The key holds the enrolment's, cohort's and curricula's version tokens (course/freshness.py,
    replaced by every write of a log, check-in, calendar entry, reading done, attendance mark,
    target or cohort setting), the day it is judged on, the enrolment's public id, when they
    joined and the cohort's start and zone: so a write shows on the next view, the next day is
    judged afresh, and nobody is ever given someone else's figures. Misses cost the usual nine
    queries; hits cost two cache round trips and no query (one, given the `tokens` the caller
    has read already).
    """
    cohort = enrolment.cohort
    tokens = tokens or freshness.read(cohort.pk, [enrolment.pk])
    identity = "|".join(
        str(part)
        for part in (
            PROGRESS_FORMAT,
            enrolment.public_id,
            enrolment.joined_at,
            cohort.start_date,
            cohort.time_zone,
            tokens.shared,
            tokens.enrolments[enrolment.pk],
            today,
        )
    )
    key = f"progress:{enrolment.pk}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if isinstance(found, CourseProgress) and found.enrolment_id == enrolment.pk:
        return found
    progress = course_progress([enrolment], today=today)[enrolment.pk]
    cache.set(key, progress, timeout=PROGRESS_TIMEOUT)
    return progress
