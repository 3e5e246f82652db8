"""Reads for the instructor pages: the roster and the teaching home's headline figures.

The roster is one row per participant, numbers from homework.progress, read in a fixed number
of queries whatever the cohort size: the enrolments (1), the progress module (9), attendance
totals (1), last practice dates (1), the latest class marks (2), intake markers (1). The flags (homework.slipping)
and the sort are plain Python over those rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Protocol, TypeVar

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course.calendar import BEFORE_COURSE, COURSE_WEEKS, course_week, local_date
from course.models import Cohort, Enrolment
from course.rules import completion_label
from course.selectors import attended_counts, classes_planned, latest_class_marks
from homework.progress import (
    CourseProgress,
    WeekProgress,
    course_progress,
    last_practice_dates,
)
from homework.slipping import slipping_flags
from outcomes.selectors import intake_markers


@dataclass
class Trend:
    first: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return round(self.latest - self.first, 1)


@dataclass
class RosterRow:
    enrolment: Enrolment
    progress: CourseProgress
    weeks: list[WeekProgress]
    present: int
    absent: int
    excused: int
    last_practice: dt.date | None
    pain: Trend
    stress: Trend
    flags: list[str] = field(default_factory=list)
    completion: str = ""
    intake_marker: str = ""  # "Talk before class 1" until an instructor records a decision
    url: str = ""  # the participant's page

    @property
    def name(self) -> str:
        return self.enrolment.participant.get_full_name()

    # What the sort reads (SORT_KEYS), also on the roster's cached lines (teach.roster_rows).
    def adherence_of(self, week: int) -> float | None:
        return self.weeks[week - 1].adherence if self.weeks else None

    @property
    def pain_change(self) -> float | None:
        return self.pain.change

    @property
    def stress_change(self) -> float | None:
        return self.stress.change

    @property
    def flag_count(self) -> int:
        return len(self.flags)


def _trend(weeks: list[WeekProgress], attribute: str) -> Trend:
    values = [getattr(w.check_ins, attribute) for w in weeks if w.check_ins.count]
    return Trend(values[0], values[-1]) if values else Trend(None, None)


def build_roster(
    cohort: Cohort,
    now: dt.datetime | None = None,
    *,
    enrolments: list[Enrolment] | None = None,
    latest_marks: dict[int, str] | None = None,
    markers: dict[int, str] | None = None,
) -> list[RosterRow]:
    """Every roster row of `cohort`, or only those of `enrolments` (on_roster's, loaded), with
    the latest class marks and intake markers given when the caller has read them already."""
    now = now or timezone.now()
    if enrolments is None:
        enrolments = list(Enrolment.objects.on_roster(cohort))
    if not enrolments:
        return []
    ids = [e.pk for e in enrolments]
    # A week belongs to the person: each is judged on their own clock (participants loaded).
    today = {e.pk: e.participant.local_date(now) for e in enrolments}
    progress = course_progress(enrolments, today=today)
    attendance = attended_counts(ids)
    last_practice = last_practice_dates(ids)
    if latest_marks is None:
        latest_marks = latest_class_marks({cohort.pk: now})
    planned = classes_planned(cohort)
    if markers is None:
        markers = intake_markers(ids)

    # Each row's link, built from one reversed URL rather than resolving 200 of them.
    placeholder = uuid.UUID(int=0)
    link = reverse("teach:participant", args=[cohort.public_id, placeholder])
    rows = []
    for enrolment in enrolments:
        course = progress[enrolment.pk]
        weeks = [course.weeks[n] for n in sorted(course.weeks)]
        counts = attendance[enrolment.pk]
        row = RosterRow(
            enrolment=enrolment,
            progress=course,
            weeks=weeks,
            present=counts["present"],
            absent=counts["absent"],
            excused=counts["excused"],
            last_practice=last_practice.get(enrolment.pk),
            pain=_trend(weeks, "pain"),
            stress=_trend(weeks, "stress"),
        )
        row.completion = completion_label(cohort, counts, planned)
        row.url = link.replace(str(placeholder), str(enrolment.public_id))
        row.intake_marker = markers.get(enrolment.pk, "")
        joined = local_date(cohort, enrolment.joined_at or now)
        own_today = today[enrolment.pk]
        row.flags = slipping_flags(
            today=own_today,
            week=course_week(cohort, own_today),
            since=row.last_practice or max(cohort.start_date, joined),
            latest_mark=latest_marks.get(enrolment.pk),
            weeks=weeks,
        )
        rows.append(row)
    return rows


# --- Sorting ------------------------------------------------------------------------------------


class Sortable(Protocol):
    """A roster row as the sort sees it: a RosterRow, or the cached line the page prints."""

    @property
    def name(self) -> str: ...
    @property
    def present(self) -> int: ...
    @property
    def last_practice(self) -> dt.date | None: ...
    @property
    def pain_change(self) -> float | None: ...
    @property
    def stress_change(self) -> float | None: ...
    @property
    def flag_count(self) -> int: ...
    def adherence_of(self, week: int) -> float | None: ...


def _adherence_key(week: int) -> Callable[[Sortable], float | None]:
    return lambda row: row.adherence_of(week)


SORT_KEYS: dict[str, Callable[[Sortable], Any]] = {
    "name": lambda row: row.name.lower(),
    "attendance": lambda row: row.present,
    "last_practice": lambda row: row.last_practice,
    "pain": lambda row: row.pain_change,
    "stress": lambda row: row.stress_change,
    "flags": lambda row: row.flag_count,
    **{f"week{n}": _adherence_key(n) for n in range(1, COURSE_WEEKS + 1)},
}

Row = TypeVar("Row", bound=Sortable)


def sort_rows(rows: list[Row], sort: str) -> tuple[list[Row], str]:
    """Rows ordered by `sort` (a SORT_KEYS name, "-" in front for descending).

    Empty values (no check-ins, nothing logged) go last either way, so "worst first" is never
    crowded out by people with no data. An unknown key falls back to name.
    """
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORT_KEYS:
        return sorted(rows, key=SORT_KEYS["name"]), "name"
    key = SORT_KEYS[name]
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    present.sort(key=lambda r: (key(r), r.name.lower()), reverse=descending)
    return present + sorted(missing, key=SORT_KEYS["name"]), sort


# --- The teaching home ------------------------------------------------------------------------

PHASES = ("running", "upcoming", "finished")


@dataclass
class CohortSummary:
    cohort: Cohort
    phase: str
    week: int | None
    active: int
    next_class: dt.datetime | None
    # The last finished week's median adherence (a running week is never judged as if over),
    # and how many are on pace in the week still running.
    median_adherence: float | None = None
    median_week: int | None = None
    on_pace: int = 0
    judged_now: int = 0


def cohort_phase(cohort: Cohort, today: dt.date) -> str:
    week = cohort.week_on(today)
    if week == BEFORE_COURSE:
        return "upcoming"
    if week is None:
        return "finished"
    return "running"


def cohort_summaries(instructor: User, now: dt.datetime) -> dict[str, list[CohortSummary]]:
    """The cohorts `instructor` teaches, by phase, with participants active, the next class that
    is not cancelled and, for running cohorts, the median adherence of the last finished week
    and how many are on pace in the current one.

    One query for the cohorts with their counts, then one progress call per distinct current
    week among running cohorts (a teacher runs two or three at once).
    """
    cohorts = (
        Cohort.objects.filter(instructors=instructor)
        .select_related("curriculum")
        .annotate(
            active_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE), distinct=True
            ),
            next_class_at=Min(
                "sessions__starts_at",
                filter=Q(sessions__starts_at__gt=now, sessions__is_cancelled=False),
            ),
        )
        .order_by("start_date")
    )
    summaries = [
        CohortSummary(
            cohort=cohort,
            phase=cohort_phase(cohort, cohort.local_today(now)),
            week=cohort.current_week(now),
            active=cohort.active_count,
            next_class=cohort.next_class_at,
        )
        for cohort in cohorts
    ]
    by_week: dict[int, list[CohortSummary]] = {}
    for summary in summaries:
        if summary.phase == "running" and summary.week:
            by_week.setdefault(summary.week, []).append(summary)
    for week, group in by_week.items():
        enrolments = list(
            Enrolment.objects.filter(
                cohort__in=[s.cohort for s in group],
                status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
            ).select_related("cohort", "participant")
        )
        today = {e.pk: e.participant.local_date(now) for e in enrolments}
        weeks = [week - 1, week] if week > 1 else [week]
        progress = course_progress(enrolments, weeks=weeks, today=today)
        for summary in group:
            mine = [progress[e.pk] for e in enrolments if e.cohort_id == summary.cohort.pk]
            finished = [
                w.adherence
                for course in mine
                if (w := course.weeks.get(week - 1)) is not None
                and w.is_over
                and not w.before_joining
                and w.adherence is not None
            ]
            summary.median_week = week - 1 if finished else None
            summary.median_adherence = median(finished) if finished else None
            paces = [p for course in mine if (p := course.weeks[week].pace) is not None]
            summary.on_pace = sum(1 for p in paces if p.on_pace)
            summary.judged_now = len(paces)
    return {phase: [s for s in summaries if s.phase == phase] for phase in PHASES}
