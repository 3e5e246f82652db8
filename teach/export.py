"""CSV exports for instructors, streamed row by row so a large cohort never sits in memory.

Numbers come straight from homework.progress (weeks) and the log rows (entries); dates are ISO
8601 and the file starts with a UTF-8 byte-order mark so spreadsheet programs read accents.
Only what participants shared is exported as text: a private note is never in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils.text import slugify

from course import freshness
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


def week_rows(
    cohort: Cohort, enrolments: Sequence[Enrolment] | None = None
) -> Iterator[Sequence[object]]:
    """The weekly file's rows: the header, then each person's eight weeks (all of the cohort's
    roster, or these enrolments with participant and cohort loaded)."""
    yield WEEK_HEADER
    for _, rows in _week_rows_by_person(cohort, enrolments):
        yield from rows


def _week_rows_by_person(
    cohort: Cohort, enrolments: Sequence[Enrolment] | None = None
) -> Iterator[tuple[int, list[Sequence[object]]]]:
    if enrolments is None:
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
            rows: list[Sequence[object]] = []
            for number in range(1, COURSE_WEEKS + 1):
                week = progress[enrolment.pk].weeks[number]
                rows.append(
                    [
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
                )
            yield enrolment.pk, rows


def _entry_query(cohort: Cohort, enrolment_ids: Sequence[int] | None = None) -> QuerySet[Any]:
    # The same people as the weekly export and the roster: everyone but those who withdrew.
    people = Enrolment.objects.on_roster(cohort).values("pk")
    logs = PracticeLog.objects.filter(enrolment__in=people)
    if enrolment_ids is not None:
        logs = logs.filter(enrolment_id__in=list(enrolment_ids))
    return (
        logs.annotate(
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
            "enrolment_id",
        )
        # Each person's rows together, in the roster's order of people (see entry_lines).
        .order_by("display_name", "email", "enrolment_id", "practised_on", "created_at")
    )


def _entry_row(cohort: Cohort, values: Sequence[Any]) -> list[object]:
    email, name, day, practice, minutes, guided, shared, note, _ = values
    return [
        text_cell(email),
        text_cell(name or email),
        day.isoformat(),
        cohort.week_on(day) or "",
        text_cell(practice),
        minutes,
        "yes" if guided else "no",
        text_cell(note) if shared else "",
    ]


def entry_rows(cohort: Cohort) -> Iterator[Sequence[object]]:
    yield ENTRY_HEADER
    # iterator() streams from the database cursor in chunks instead of caching the queryset.
    for values in _entry_query(cohort).iterator(chunk_size=ENTRY_CHUNK):
        yield _entry_row(cohort, values)


def stream(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    yield BOM
    yield from _csv_lines(rows)


# --- Cached per person ------------------------------------------------------------------------
#
# Each person's part of a file (their eight weekly rows, or all their practice rows) is kept in
# Redis as CSV text under a key of their enrolment's, the cohort's and the curricula's version
# tokens (course/freshness.py) and the name and e-mail it prints: any write that changes a
# figure or a row replaces a token, so the next download recomputes that person's part, and
# only theirs. Parts are read a batch of people at a time (one get_many each), so a large cohort
# never sits in memory; a part that is missed is computed in bulk for the batch's other misses.

PART_FORMAT = "1"  # raise when a file's columns change
# No longer than the other per-person caches: a note un-shared (or a person erased) leaves no
# copy behind in Redis for longer than that (erasure deletes them at once).
PART_TIMEOUT = 36 * 60 * 60


PEOPLE_ORDER = ("participant__display_name", "participant__email", "pk")


def _people(cohort: Cohort) -> list[tuple[int, Any, str, str]]:
    """(pk, public id, e-mail, display name) of everyone on the roster, as plain values."""
    return list(
        Enrolment.objects.on_roster(cohort)
        .select_related(None)
        .order_by(*PEOPLE_ORDER)
        .values_list("pk", "public_id", "participant__email", "participant__display_name")
    )


def _part_keys(
    what: str, cohort: Cohort, people: Sequence[tuple[int, Any, str, str]]
) -> dict[int, str]:
    shared, tokens = freshness.tokens(cohort.pk, [pk for pk, *_ in people])
    keys = {}
    for pk, public_id, email, name in people:
        identity = "|".join(
            str(p)
            for p in (PART_FORMAT, cohort.public_id, public_id, email, name, shared, tokens[pk])
        )
        keys[pk] = f"csv-{what}:{pk}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"
    return keys


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    return "".join(_csv_lines(rows))


def week_lines(cohort: Cohort) -> Iterator[str]:
    """The weekly file as text, as `stream(week_rows(cohort))` writes it, from cached parts."""
    yield BOM
    yield _csv_text([WEEK_HEADER])
    people = _people(cohort)
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        keys = _part_keys("weeks", cohort, batch)
        found = cache.get_many(list(keys.values()))
        missing = [pk for pk, *_ in batch if keys[pk] not in found]
        fresh = {}
        if missing:
            enrolments = list(
                Enrolment.objects.on_roster(cohort).filter(pk__in=missing).order_by(*PEOPLE_ORDER)
            )
            for pk, rows in _week_rows_by_person(cohort, enrolments):
                fresh[keys[pk]] = _csv_text(rows)
            cache.set_many(fresh, timeout=PART_TIMEOUT)
        parts = {**found, **fresh}
        # One piece per batch of people: a few large writes rather than one per person.
        yield "".join(parts[keys[pk]] for pk, *_ in batch if keys[pk] in parts)


def entry_lines(cohort: Cohort) -> Iterator[str]:
    """The practice file as text, as `stream(entry_rows(cohort))` writes it, from cached parts.

    A person's part that is not cached is read from the database cursor and sent line by line
    as it arrives, then kept for the next download.
    """
    yield BOM
    yield _csv_text([ENTRY_HEADER])
    people = _people(cohort)
    writer = csv.writer(_Line())
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        keys = _part_keys("entries", cohort, batch)
        found = cache.get_many(list(keys.values()))
        missing = [pk for pk, *_ in batch if keys[pk] not in found]
        logs: Iterator[Any] = iter(())
        if missing:
            logs = _entry_query(cohort, missing).iterator(chunk_size=ENTRY_CHUNK)
        pending = next(logs, None)
        cached: list[str] = []  # consecutive cached parts, sent as one piece
        for pk, *_ in batch:
            key = keys[pk]
            if key in found:
                cached.append(found[key])
                continue
            if cached:
                yield "".join(cached)
                cached = []
            # Misses come in the same order of people as `batch`: this person's rows are next.
            lines: list[str] = []
            while pending is not None and pending[-1] == pk:
                line = writer.writerow(_entry_row(cohort, pending))
                lines.append(line)
                yield line
                pending = next(logs, None)
            cache.set(key, "".join(lines), timeout=PART_TIMEOUT)
        if cached:
            yield "".join(cached)
