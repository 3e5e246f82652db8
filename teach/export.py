"""CSV exports for instructors, streamed row by row so a large cohort never sits in memory.

Numbers come straight from homework.progress (weeks) and the log rows (entries); dates are ISO
8601 and the file starts with a UTF-8 byte-order mark so spreadsheet programs read accents.
Only what participants shared is exported as text: a private note is never in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import F
from django.utils.text import slugify

from course.calendar import COURSE_WEEKS
from course.models import Attendance, Cohort, Enrolment, WeekKind
from homework.models import PracticeLog
from homework.progress import course_progress

BOM = "\ufeff"
# Progress is computed for this many participants at a time: a fixed number of queries per
# batch, and at most this many participants' weeks held at once.
BATCH = 200
ENTRY_CHUNK = 2000

WEEK_HEADER = [
    "participant_email",
    "participant_name",
    "week",
    "week_start",
    "week_end",
    "minutes",
    "days_practised",
    "target_minutes",
    "target_days",
    "adherence_percent",
    "attendance",
    "check_ins",
    "pain_average",
    "stress_average",
    "sleep_average",
]
ENTRY_HEADER = [
    "participant_email",
    "participant_name",
    "practised_on",
    "week",
    "practice",
    "minutes",
    "guided",
    "shared_note",
]


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow(row)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str | None) -> str:
    """Participant-written text, made safe to open: a leading = + - @ would run as a formula."""
    value = value or ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _blank(value: object) -> object:
    return "" if value is None else value


def adherence_cell(value: float | None) -> str:
    """Adherence as a whole percent, as every page shows it ("64" under adherence_percent),
    empty when a week has no target."""
    return "" if value is None else str(round(value * 100))


def filename(cohort: Cohort, what: str, day: dt.date) -> str:
    """ "spring-evenings-weeks-2026-12-02.csv": named after the cohort and the date, not an id."""
    return f"{slugify(cohort.title) or 'cohort'}-{what}-{day.isoformat()}.csv"


def week_rows(cohort: Cohort) -> Iterator[Sequence[object]]:
    yield WEEK_HEADER
    enrolments = list(Enrolment.objects.on_roster(cohort))
    for start in range(0, len(enrolments), BATCH):
        batch = enrolments[start : start + BATCH]
        progress = course_progress(batch)
        marks = {
            (pk, number): status
            for pk, number, status in Attendance.objects.filter(
                enrolment__in=batch, session__kind=WeekKind.WEEK, session__is_cancelled=False
            ).values_list("enrolment_id", "session__number", "status")
        }
        for enrolment in batch:
            for number in range(1, COURSE_WEEKS + 1):
                week = progress[enrolment.pk].weeks[number]
                yield [
                    text_cell(enrolment.participant.email),
                    text_cell(enrolment.participant.get_full_name()),
                    number,
                    week.first_day.isoformat(),
                    week.last_day.isoformat(),
                    week.minutes,
                    week.days_practised,
                    week.target_minutes,
                    week.target_days,
                    adherence_cell(week.adherence),
                    marks.get((enrolment.pk, number), ""),
                    week.check_ins.count,
                    _blank(week.check_ins.pain),
                    _blank(week.check_ins.stress),
                    _blank(week.check_ins.sleep),
                ]


def entry_rows(cohort: Cohort) -> Iterator[Sequence[object]]:
    yield ENTRY_HEADER
    logs = (
        # The same people as the weekly export and the roster: everyone but those who withdrew.
        PracticeLog.objects.filter(enrolment__in=Enrolment.objects.on_roster(cohort).values("pk"))
        .annotate(
            email=F("enrolment__participant__email"),
            display_name=F("enrolment__participant__display_name"),
            practice_name=F("practice__name"),
        )
        .values_list(
            "email",
            "display_name",
            "practised_on",
            "practice_name",
            "minutes",
            "guided",
            "shared_with_instructors",
            "note",
        )
        .order_by("display_name", "email", "practised_on", "created_at")
    )
    # iterator() streams from the database cursor in chunks instead of caching the queryset.
    for email, name, day, practice, minutes, guided, shared, note in logs.iterator(
        chunk_size=ENTRY_CHUNK
    ):
        yield [
            text_cell(email),
            text_cell(name or email),
            day.isoformat(),
            cohort.week_on(day) or "",
            text_cell(practice),
            minutes,
            "yes" if guided else "no",
            text_cell(note) if shared else "",
        ]


def stream(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    yield BOM
    yield from _csv_lines(rows)
