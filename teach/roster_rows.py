"""The roster's rows, each kept in Redis as its printed markup and its sort values.

A row costs what homework.progress and the row's template cost; the page asks for all rows of
a cohort in one `cache.get_many` and computes (in bulk, the usual fixed number of queries) only
the rows it misses. A row's key is made of everything the row depends on:

- the version tokens of the person's enrolment, of the cohort and of the curricula
  (course/freshness.py): every write of a log, check-in, calendar entry, reading, comment,
  attendance mark, intake answer or decision, enrolment, target, class or cohort setting
  replaces one of them;
- what is read live on every view because it is cheap or depends on the clock: the person's own
  today and the cohort's, the week the phone list shows, which class is the latest held with
  marks, the enrolment's status and joining time, and the name and e-mail printed;
- the enrolment's public id, so a row is never found for anyone else.

So a row is never shared between people, never shown after what it shows has changed, and the
page stays what it was: the same markup (templates/teach/_roster_row.html, _roster_item.html),
the same sort. Rows also expire after a day and a half, as the dates in their keys move on.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
import zoneinfo
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from course import freshness
from course.models import Cohort, Enrolment
from course.selectors import latest_marked_classes, marks_at
from teach.selectors import RosterRow, build_roster

FORMAT = "1"  # raise when the cached tuple changes (the markup is versioned by itself)
TIMEOUT = 36 * 60 * 60


@dataclass(slots=True)
class RosterLine:
    """One row as the roster page sorts and prints it (from the cache or just computed)."""

    name: str
    present: int
    last_practice: dt.date | None
    pain_change: float | None
    stress_change: float | None
    flag_count: int
    adherences: tuple[float | None, ...]
    item: str  # the phone list's <li>
    cells: str  # the table's <tr>

    def adherence_of(self, week: int) -> float | None:
        return self.adherences[week - 1] if self.adherences else None


@dataclass(frozen=True)
class Roster:
    lines: list[RosterLine]

    @property
    def items(self) -> SafeString:
        return mark_safe("".join(line.item for line in self.lines))  # noqa: S308 (rendered rows)

    @property
    def table(self) -> SafeString:
        return mark_safe("".join(line.cells for line in self.lines))  # noqa: S308 (rendered rows)


@functools.cache
def _markup() -> str:
    """The row templates' own version: a deploy that edits their markup misses every old row."""
    sources = (
        get_template(name).template.source  # type: ignore[attr-defined]
        for name in ("teach/_roster_item.html", "teach/_roster_row.html")
    )
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:12]


def _key(cohort: Cohort, person: _Person, *parts: object) -> str:
    identity = "|".join(
        str(p)
        for p in (FORMAT, _markup(), cohort.public_id, person.public_id, person.name, person.email)
    )
    identity += "|" + "|".join(str(p) for p in parts)
    return f"roster:{person.pk}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"


@dataclass(slots=True)
class _Person:
    """What a roster row's key is made of, read as plain values (no model instances: at 200
    people, building them was most of a cached page's time)."""

    pk: int
    public_id: uuid.UUID
    status: str
    joined_at: dt.datetime | None
    participant_id: int
    name: str  # display name, may be empty
    email: str
    time_zone: str

    def enrolment(self, cohort: Cohort) -> Enrolment:
        """The enrolment as build_roster needs it, without reading it again."""
        participant = User(
            pk=self.participant_id,
            display_name=self.name,
            email=self.email,
            time_zone=self.time_zone,
        )
        return Enrolment(
            pk=self.pk,
            public_id=self.public_id,
            cohort=cohort,
            participant=participant,
            status=self.status,
            joined_at=self.joined_at,
        )


def _line(row: RosterRow, item: str, cells: str) -> RosterLine:
    return RosterLine(
        name=row.name,
        present=row.present,
        last_practice=row.last_practice,
        pain_change=row.pain_change,
        stress_change=row.stress_change,
        flag_count=row.flag_count,
        adherences=tuple(w.adherence for w in row.weeks),
        item=item,
        cells=cells,
    )


def roster_lines(
    cohort: Cohort, phone_week: int | None, now: dt.datetime | None = None
) -> list[RosterLine]:
    """Every roster line of `cohort`, in on_roster's order (name, then e-mail).

    Queries: the people (1) and the latest class with marks (1); then, only for the rows not in
    the cache, build_roster's reads less those two (progress 9, attendance totals, last practice,
    the marks at that class, classes planned, intake markers).
    """
    now = now or timezone.now()
    people = [
        _Person(*values)
        for values in Enrolment.objects.on_roster(cohort)
        .select_related(None)
        .values_list(
            "pk",
            "public_id",
            "status",
            "joined_at",
            "participant_id",
            "participant__display_name",
            "participant__email",
            "participant__time_zone",
        )
    ]
    if not people:
        return []
    latest = latest_marked_classes({cohort.pk: now}).get(cohort.pk)
    shared, tokens = freshness.tokens(cohort.pk, [p.pk for p in people])
    cohort_today = cohort.local_today(now)
    zones: dict[str, dt.date] = {}
    for zone in {p.time_zone for p in people}:
        zones[zone] = timezone.localtime(now, zoneinfo.ZoneInfo(zone)).date()
    keys = {
        p.pk: _key(
            cohort,
            p,
            shared,
            tokens[p.pk],
            p.status,
            p.joined_at,
            zones[p.time_zone],
            cohort_today,
            phone_week,
            latest,
        )
        for p in people
    }
    found = cache.get_many(list(keys.values()))
    lines: dict[int, RosterLine] = {
        pk: RosterLine(*found[key]) for pk, key in keys.items() if key in found
    }
    missing = [p.enrolment(cohort) for p in people if p.pk not in lines]
    if missing:
        item_template = get_template("teach/_roster_item.html")
        row_template = get_template("teach/_roster_row.html")
        fresh = {}
        marks = marks_at([latest] if latest else [])
        for row in build_roster(cohort, now, enrolments=missing, latest_marks=marks):
            context = {"row": row, "cohort": cohort, "phone_week": phone_week}
            line = _line(row, item_template.render(context), row_template.render(context))
            lines[row.enrolment.pk] = line
            fresh[keys[row.enrolment.pk]] = (
                line.name,
                line.present,
                line.last_practice,
                line.pain_change,
                line.stress_change,
                line.flag_count,
                line.adherences,
                line.item,
                line.cells,
            )
        cache.set_many(fresh, timeout=TIMEOUT)
    return [lines[p.pk] for p in people]
