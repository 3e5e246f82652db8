"""The instructor's roster: one row per participant, numbers from homework.progress.

Everything here is read in a fixed number of queries whatever the cohort size: the enrolments
(1), the progress module (9), attendance totals (1), last practice dates (1), the latest class
marks (2). The flags and the sort are plain Python over those rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from course.actions import attended_counts
from course.calendar import COURSE_WEEKS, course_week, local_date
from course.models import Attendance, ClassSession, Cohort, Enrolment, WeekKind
from homework.models import PracticeLog
from homework.progress import CourseProgress, WeekProgress, course_progress

NO_PRACTICE_DAYS = 4
LOW_ADHERENCE = 0.5


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

    @property
    def name(self) -> str:
        return self.enrolment.participant.get_full_name()


def last_practice_dates(enrolment_ids: Sequence[int]) -> dict[int, dt.date]:
    """The latest day each enrolment logged practice (one aggregated query)."""
    return dict(
        PracticeLog.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id")
        .annotate(last=Max("practised_on"))
        .values_list("enrolment_id", "last")
        .order_by()
    )


def latest_class_marks(cohort: Cohort, now: dt.datetime) -> dict[int, str]:
    """Marks at the most recent class that has attendance recorded (two queries)."""
    session = (
        ClassSession.objects.filter(
            cohort=cohort, kind=WeekKind.WEEK, is_cancelled=False, starts_at__lte=now
        )
        .filter(attendance__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    if session is None:
        return {}
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))


def _trend(weeks: list[WeekProgress], attribute: str) -> Trend:
    values = [getattr(w.check_ins, attribute) for w in weeks if w.check_ins.count]
    return Trend(values[0], values[-1]) if values else Trend(None, None)


def classes_held(cohort: Cohort) -> int:
    """Weekly classes that take (or took) place: cancelled ones can be attended by nobody."""
    return cohort.sessions.filter(kind=WeekKind.WEEK, is_cancelled=False).count()


def slipping_flags(
    *,
    today: dt.date,
    week: int | None,
    since: dt.date,
    latest_mark: str | None,
    finished_adherence: Sequence[float | None],
) -> list[str]:
    """The early signs an instructor wants to see, in one place for the roster and the digest.

    `week` is the course week today falls in (0 before class 1, None after week 8); `since` is
    the last day practice was logged (or the day they joined); `finished_adherence` lists the
    adherence of the weeks already over, oldest first.
    """
    flags = []
    if week:  # before class 1 nobody can be slipping yet; after week 8 the course is over
        idle = (today - since).days
        if idle >= NO_PRACTICE_DAYS:
            flags.append(f"No practice logged for {idle} days")
    if latest_mark == Attendance.Status.ABSENT:
        flags.append("Missed the last class")
    recent = list(finished_adherence)[-2:]
    if len(recent) == 2 and all(a is not None and a < LOW_ADHERENCE for a in recent):
        flags.append("Below 50 % adherence two weeks running")
    return flags


def completion_label(cohort: Cohort, counts: dict[str, int], held: int) -> str:
    """Where a participant stands against the cohort's completion threshold.

    `counts` holds their present / absent / excused marks; `held` is classes_held(cohort).
    Excused classes were still missed, so they too reduce what is left to attend.
    """
    present = counts["present"]
    if present >= cohort.completion_threshold:
        return "Completed"
    if held - counts["absent"] - counts["excused"] < cohort.completion_threshold:
        return "Cannot complete"
    return f"{present} of {cohort.completion_threshold} needed"


def build_roster(cohort: Cohort, now: dt.datetime | None = None) -> list[RosterRow]:
    now = now or timezone.now()
    today = cohort.local_today(now)
    current = course_week(cohort, today)
    finished_weeks = (
        COURSE_WEEKS if current is None else max(0, current - 1)
    )  # weeks whose adherence is final

    enrolments = list(Enrolment.objects.on_roster(cohort))
    ids = [e.pk for e in enrolments]
    progress = course_progress(enrolments)
    attendance = attended_counts(ids)
    last_practice = last_practice_dates(ids)
    latest_marks = latest_class_marks(cohort, now)
    held = classes_held(cohort)

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
        row.completion = completion_label(cohort, counts, held)
        joined = local_date(cohort, enrolment.joined_at or now)
        row.flags = slipping_flags(
            today=today,
            week=current,
            since=row.last_practice or max(cohort.start_date, joined),
            latest_mark=latest_marks.get(enrolment.pk),
            finished_adherence=[course.weeks[n].adherence for n in range(1, finished_weeks + 1)],
        )
        rows.append(row)
    return rows


# --- Sorting ------------------------------------------------------------------------------------


def _adherence_key(week: int) -> Callable[[RosterRow], float | None]:
    return lambda row: row.weeks[week - 1].adherence if row.weeks else None


SORT_KEYS = {
    "name": lambda row: row.name.lower(),
    "attendance": lambda row: row.present,
    "last_practice": lambda row: row.last_practice,
    "pain": lambda row: row.pain.change,
    "stress": lambda row: row.stress.change,
    "flags": lambda row: len(row.flags),
    **{f"week{n}": _adherence_key(n) for n in range(1, COURSE_WEEKS + 1)},
}


def sort_rows(rows: list[RosterRow], sort: str) -> tuple[list[RosterRow], str]:
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
