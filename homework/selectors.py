"""What each participant page shows (reads pages share), gathered in a fixed number of queries.

Numbers come from homework.progress; this module only decides what to put on which page. Page
functions take the request's Participation (homework.access), so "today" and "this course
week" are worked out once per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from course import freshness
from course.calendar import BEFORE_COURSE, COURSE_WEEKS, course_week, week_dates
from course.models import (
    CalendarKind,
    ClassSession,
    CohortAssignment,
    CurriculumWeek,
    Enrolment,
    Practice,
    WeekKind,
)
from course.selectors import announcements_for
from course.texts import reading_for
from homework import charts, conversations, page_cache
from homework.access import Participation
from homework.forms import PracticeLogForm, known_practices
from homework.models import CalendarEntry, CheckIn, InstructorComment, PracticeLog, ReadingDone
from homework.practising import best_length
from homework.progress import (
    CourseProgress,
    WeekProgress,
    cached_course_progress,
)


def _curriculum_week(
    enrolment: Enrolment, kind: str, number: int | None, curricula: str | None = None
) -> CurriculumWeek | None:
    """The curriculum's week with its readings and informal homework, kept in the cache under
    the curricula's version token (course/freshness.py: any edit of a curriculum replaces it).
    The same for every participant of the curriculum: it holds no one's data."""
    curriculum_id = enrolment.cohort.curriculum_id
    curricula = curricula or freshness.curricula_token()
    key = f"curriculum-week:{curricula}:{curriculum_id}:{kind}:{number}"
    found = cache.get(key)
    if isinstance(found, CurriculumWeek):
        return found
    weeks = CurriculumWeek.objects.filter(curriculum_id=curriculum_id, kind=kind)
    if number is not None:
        weeks = weeks.filter(number=number)
    week = weeks.prefetch_related("readings", "informal").first()
    if week is not None:
        cache.set(key, week, timeout=24 * 60 * 60)
    return week


def _week_entries(
    enrolment: Enrolment, first: dt.date, last: dt.date, tokens: freshness.Tokens
) -> tuple[dict[str, list[CalendarEntry]], list[PracticeLog]]:
    """The person's calendar entries (by calendar) and practice logs of one week, as the week
    page lists them, kept in the cache under their enrolment's version token (course/freshness:
    every save or delete of a log or entry replaces it) and their public id."""
    identity = (
        f"1|{enrolment.public_id}|{tokens.shared}|{tokens.enrolments[enrolment.pk]}|{first}|{last}"
    )
    key = f"week-entries:{enrolment.pk}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if isinstance(found, tuple) and len(found) == 2:
        return found
    entries: dict[str, list[CalendarEntry]] = defaultdict(list)
    for entry in CalendarEntry.objects.filter(
        enrolment=enrolment, occurred_on__range=(first, last)
    ):
        entries[entry.kind].append(entry)
    logs = list(
        PracticeLog.objects.filter(enrolment=enrolment, practised_on__range=(first, last))
        .select_related("practice")
        .order_by("practised_on", "created_at")
    )
    result = (dict(entries), logs)
    cache.set(key, result, timeout=36 * 60 * 60)
    return result


def _readings(enrolment: Enrolment, week: CurriculumWeek | None) -> list[dict[str, Any]]:
    if week is None:
        return []
    done = set(
        ReadingDone.objects.filter(enrolment=enrolment, reading__week=week).values_list(
            "reading_id", flat=True
        )
    )
    return [{"reading": r, "done": r.pk in done} for r in week.readings.all()]


def _informal(week: CurriculumWeek | None, progress: WeekProgress | None) -> list[dict[str, Any]]:
    if week is None:
        return []
    items = []
    for homework in week.informal.all():
        entries = (
            progress.calendar_entries.get(homework.calendar, 0)
            if progress and homework.calendar
            else 0
        )
        items.append(
            {
                "homework": homework,
                "entries": entries,
                "complete": bool(homework.calendar) and entries >= homework.entries_expected,
            }
        )
    return items


def suggested_practice(participation: Participation) -> dict[str, Any]:
    """Preselect the practice this week asks for first (before class 1, week 1's); after the
    course, or in a week that names none ("your own mix"), the one this person logged last.
    Two queries at most."""
    enrolment = participation.enrolment
    first = None
    if participation.week is not None:
        first = (
            CohortAssignment.objects.filter(
                cohort_id=enrolment.cohort_id, week=participation.week or 1
            )
            .exclude(practice=None)
            .order_by("position")
            .values_list("practice_id", flat=True)
            .first()
        )
    if first is None:
        first = _last_logged_practice(enrolment)
    return {"practice": first} if first else {}


def _last_logged_practice(enrolment: Enrolment) -> int | None:
    return (
        PracticeLog.objects.filter(enrolment=enrolment)
        .order_by("-practised_on", "-created_at")
        .values_list("practice_id", flat=True)
        .first()
    )


def start_practice(participation: Participation) -> dict[str, Any] | None:
    """The week's main practice at the week's daily length, for the dashboard's Start button:
    the first assignment that names a practice with a guided script."""
    if not participation.week:
        return None
    assignment = (
        CohortAssignment.objects.filter(
            cohort_id=participation.enrolment.cohort_id, week=participation.week
        )
        .exclude(practice=None)
        .select_related("practice")
        .order_by("position")
        .first()
    )
    if assignment is None or assignment.practice is None:
        return None
    minutes = best_length(assignment.practice, assignment.target_minutes_per_day)
    if minutes is None:
        return None
    return {
        "practice": assignment.practice,
        "minutes": minutes,
        "url": reverse("homework:play", args=[assignment.practice.slug, minutes]),
    }


def _minutes_chart(enrolment: Enrolment, today: dt.date, course: CourseProgress) -> dict[str, Any]:
    cohort = enrolment.cohort
    first = cohort.start_date
    last = min(today, cohort.end_date)
    series = course.minutes_by_day(first, last) if last >= first else []
    # Each day's suggested minutes: the sum of its week's daily targets.
    daily_target = {}
    for week in course.weeks.values():
        per_day = sum(a.assignment.target_minutes_per_day for a in week.assignments)
        for offset in range(7):
            daily_target[week.first_day + dt.timedelta(days=offset)] = per_day
    return {"chart": charts.minutes_chart(series, daily_target), "series": series}


def _cohort_sessions(enrolment: Enrolment, versions: page_cache.Versions) -> list[ClassSession]:
    """The cohort's classes that are not cancelled, in order, kept under the cohort's token
    (a class added, moved or cancelled replaces it): the next class and the day of mindfulness
    are picked from these without a query."""
    key = f"cohort-sessions:{enrolment.cohort_id}:{versions.shared}"
    found = cache.get(key)
    if isinstance(found, list):
        return found
    sessions = list(
        ClassSession.objects.filter(cohort_id=enrolment.cohort_id, is_cancelled=False).order_by(
            "starts_at"
        )
    )
    cache.set(key, sessions, timeout=page_cache.TIMEOUT)
    return sessions


def _week_plan(participation: Participation, versions: page_cache.Versions) -> dict[str, Any]:
    """The week's first named practice (the log form's choice) and its Start button, the same
    for the whole cohort: kept under the cohort's and curricula's tokens (targets and
    practices replace them)."""
    enrolment = participation.enrolment
    key = f"week-plan:{enrolment.cohort_id}:{participation.week}:{versions.shared}"
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    plan: dict[str, Any] = {"first": None, "start": start_practice(participation)}
    if participation.week is not None:
        plan["first"] = (
            CohortAssignment.objects.filter(
                cohort_id=enrolment.cohort_id, week=participation.week or 1
            )
            .exclude(practice=None)
            .order_by("position")
            .values_list("practice_id", flat=True)
            .first()
        )
    cache.set(key, plan, timeout=page_cache.TIMEOUT)
    return plan


def _practices(versions: page_cache.Versions) -> list[Practice]:
    """Every practice, in the curriculum's order, for the log form's options: the list kept
    under the curricula's token (homework.forms.known_practices), read with this page's."""
    return list(known_practices(versions.tokens.curricula).values())


def _kept_live(participation: Participation, versions: page_cache.Versions) -> dict[str, Any]:
    """Today's check-in, the new comments and messages and the announcements: rendered live
    (they carry forms), but kept under the person's versions between writes. Every write that changes them
    replaces the enrolment's token: a check-in, a comment or message (signals), reading one
    (homework.actions.read_thread, read_comments_of_week) and sharing or unsharing an entry."""
    enrolment, today = participation.enrolment, participation.today
    key = page_cache.key(participation, versions, "dashboard-live")
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    kept = {
        "check_in_today": CheckIn.objects.filter(enrolment=enrolment, day=today).first(),
        "new_comments": conversations.new_for(enrolment),
        # Sending one, adding or removing recipients, editing, deleting or dismissing one
        # replaces the recipients' tokens (course/signals.py).
        "announcements": list(announcements_for(enrolment)),
    }
    cache.set(key, kept, timeout=page_cache.TIMEOUT)
    return kept


def _log_form(
    participation: Participation, versions: page_cache.Versions, initial: dict[str, Any]
) -> str:
    """The dashboard's log form, rendered once per person, day, practice list and preselected
    practice (its default day, sharing and options are all in the key), with a placeholder
    for the submission token that the view fills in afresh (page_cache.SUBMISSION_PLACEHOLDER)."""
    enrolment = participation.enrolment
    sharing = enrolment.participant.share_by_default
    key = page_cache.key(participation, versions, "logform", initial.get("practice"), sharing)
    found = cache.get(key)
    if isinstance(found, str):
        return found
    form = PracticeLogForm(
        enrolment=enrolment,
        today=participation.today,
        initial={**initial, "submission_token": page_cache.SUBMISSION_PLACEHOLDER},
        practices=_practices(versions),
    )
    html = page_cache.render("homework/_dashboard_logform.html", {"form": form})
    cache.set(key, html, timeout=page_cache.TIMEOUT)
    return html


def dashboard(participation: Participation) -> dict[str, Any]:
    """The dashboard: the person's figures as cached fragments (`fragments`, see
    homework.page_cache; `personal()` them before rendering), the rest read live."""
    enrolment, today, number = participation.enrolment, participation.today, participation.week
    cohort = enrolment.cohort
    versions = page_cache.Versions.of(participation)

    def build() -> page_cache.Fragments:
        progress = cached_course_progress(enrolment, today, versions.tokens)
        current = progress.weeks.get(number) if number else None
        if number == BEFORE_COURSE:
            shown = _curriculum_week(enrolment, WeekKind.ORIENTATION, 0, versions.tokens.curricula)
        elif number is None:
            shown = None
        else:
            shown = _curriculum_week(enrolment, WeekKind.WEEK, number, versions.tokens.curricula)
        context = {
            "cohort": cohort,
            "week_number": number,
            "course_over": number is None,
            "before_course": number == BEFORE_COURSE,
            "curriculum_week": shown,
            "week": current,
            # Finished weeks only: the week still running is on pace or not, never "off track".
            "weeks_on_track": progress.weeks_on_track(up_to=COURSE_WEEKS),
            "weeks_finished": progress.weeks_finished(up_to=COURSE_WEEKS),
            "readings": _readings(enrolment, shown),
            "informal": _informal(shown, current),
            **_minutes_chart(enrolment, today, progress),
        }
        return {
            name: page_cache.render(f"homework/_dashboard_{name}.html", context)
            for name in ("week", "homework", "chart")
        }

    plan = _week_plan(participation, versions)
    first = plan["first"]
    if first is None:
        # After the course, or a week of "your own mix": the practice this person logged last,
        # kept under their versions (a new log replaces them).
        key = page_cache.key(participation, versions, "last-practice")
        first = cache.get(key)
        if first is None:
            first = _last_logged_practice(enrolment) or 0
            cache.set(key, first, timeout=page_cache.TIMEOUT)
    initial = {"practice": first} if first else {}
    now = timezone.now()
    next_class = next(
        (s for s in _cohort_sessions(enrolment, versions) if s.starts_at >= now), None
    )
    if next_class is not None:
        next_class.cohort = cohort  # its place and link default to the cohort's (no query)
    return {
        "enrolment": enrolment,
        "cohort": cohort,
        "fragments": {
            **page_cache.fragments(participation, versions, "dashboard", (), build),
            "logform": _log_form(participation, versions, initial),
        },
        "next_class": next_class,
        **_kept_live(participation, versions),
        "show_privacy_notice": enrolment.participant.privacy_notice_seen_at is None,
        "start": plan["start"],
    }


def week(participation: Participation, kind: str, number: int | None) -> dict[str, Any]:
    """A week's page: what the person did in it and the week's material, as cached fragments of
    theirs (homework.page_cache); the instructor's comments are read live (the view marks them
    read)."""
    enrolment = participation.enrolment
    versions = page_cache.Versions.of(participation)
    curriculum_week = _curriculum_week(enrolment, kind, number, versions.tokens.curricula)

    def build() -> page_cache.Fragments:
        context = _week_context(participation, versions, kind, number, curriculum_week)
        return {
            part: page_cache.render(f"homework/_week_{part}.html", context)
            for part in ("top", "rest")
        }

    return {
        "curriculum_week": curriculum_week,
        "fragments": page_cache.fragments(participation, versions, "week", (kind, number), build),
        "comments": comments_for(enrolment, number) if kind == WeekKind.WEEK and number else [],
    }


def _week_context(
    participation: Participation,
    versions: page_cache.Versions,
    kind: str,
    number: int | None,
    curriculum_week: CurriculumWeek | None,
) -> dict[str, Any]:
    """What a week page's fragments are rendered from (on a miss only)."""
    enrolment, today = participation.enrolment, participation.today
    cohort = enrolment.cohort
    progress = None
    entries: dict[str, list[CalendarEntry]] = defaultdict(list)
    logs: list[PracticeLog] = []
    first = last = None
    if kind == WeekKind.WEEK and number:
        # The person's whole course, cached between views (the same figures as this one week).
        progress = cached_course_progress(enrolment, today, versions.tokens).weeks[number]
        first, last = week_dates(cohort, number)
        entries, logs = _week_entries(enrolment, first, last, versions.tokens)
    # The day of mindfulness's link shows only once it is planned (never a page with no date).
    retreat = next(
        (s for s in _cohort_sessions(enrolment, versions) if s.kind == WeekKind.RETREAT), None
    )
    if retreat is not None:
        retreat.cohort = cohort  # its place defaults to the cohort's (no query)
    calendars = [
        {
            "kind": item["homework"].calendar,
            "label": CalendarKind(item["homework"].calendar).label,
            **item,
            "entry_list": entries.get(item["homework"].calendar, []),
        }
        for item in _informal(curriculum_week, progress)
        if item["homework"].calendar
    ]
    return {
        "enrolment": enrolment,
        "cohort": cohort,
        "kind": kind,
        "number": number,
        "curriculum_week": curriculum_week,
        "week": progress,
        "first_day": first,
        "last_day": last,
        "is_over": last is not None and last < today,
        "is_current": first is not None and last is not None and first <= today <= last,
        "readings": _readings(enrolment, curriculum_week),
        "reading_text": reading_for(curriculum_week) if curriculum_week else None,
        "informal": [i for i in _informal(curriculum_week, progress) if not i["homework"].calendar],
        "calendars": calendars,
        "logs": logs,
        "retreat": retreat,
        "week_numbers": range(1, COURSE_WEEKS + 1),
    }


LOG_PAGE = 50


def _log_cursor(value: str | None) -> tuple[dt.date, dt.datetime, uuid.UUID] | None:
    """ "2026-03-02~2026-03-02T18:01:02.123456+00:00~<public id>": where the last page ended.

    The public id breaks ties between logs saved in the same instant (a bulk import)."""
    day, _, rest = (value or "").partition("~")
    created, _, public_id = rest.partition("~")
    try:
        return dt.date.fromisoformat(day), dt.datetime.fromisoformat(created), uuid.UUID(public_id)
    except ValueError:
        return None  # no cursor, or a garbled one: start from the newest


def practice_history(enrolment: Enrolment, before: str | None = None) -> dict[str, Any]:
    """The participant's log, newest first, a page of LOG_PAGE at a time (keyset pagination:
    each page costs the same whatever the history's length), grouped by course week, with each
    week's and the whole log's minutes from one aggregate over days."""
    logs = (
        PracticeLog.objects.filter(enrolment=enrolment)
        .select_related("practice")
        .order_by("-practised_on", "-created_at", "-public_id")
    )
    cursor = _log_cursor(before)
    if cursor is not None:
        day, created, public_id = cursor
        logs = logs.filter(
            Q(practised_on__lt=day)
            | Q(practised_on=day, created_at__lt=created)
            | Q(practised_on=day, created_at=created, public_id__lt=public_id)
        )
    page = list(logs[: LOG_PAGE + 1])
    more, page = len(page) > LOG_PAGE, page[:LOG_PAGE]
    by_week: dict[int | None, list[PracticeLog]] = defaultdict(list)
    for log in page:
        by_week[course_week(enrolment.cohort, log.practised_on)].append(log)
    week_minutes: dict[int | None, int] = defaultdict(int)
    for day, minutes in (
        PracticeLog.objects.filter(enrolment=enrolment)
        .values("practised_on")
        .annotate(total=Sum("minutes"))
        .values_list("practised_on", "total")
        .order_by()
    ):
        week_minutes[course_week(enrolment.cohort, day)] += minutes
    groups = [
        {"label": _week_label(n), "logs": by_week[n], "minutes": week_minutes[n]}
        for n in sorted(by_week, key=lambda n: -1 if n is None else n, reverse=True)
    ]
    last = page[-1] if page else None
    return {
        "groups": groups,
        "total": sum(week_minutes.values()),
        "older": f"{last.practised_on.isoformat()}~{last.created_at.isoformat()}~{last.public_id}"
        if more and last
        else "",
        "paged": cursor is not None,
    }


def practice_page(participation: Participation, before: str | None = None) -> dict[str, Any]:
    """The practice list page: one page of `practice_history`, kept rendered in the cache under
    the person's versions and the page's cursor (homework.page_cache): any log written, edited
    or deleted replaces the enrolment's token, so the next view renders afresh."""
    cursor = _log_cursor(before)
    versions = page_cache.Versions.of(participation)
    # The parsed cursor, not the raw text: every garbled value is the newest page.
    where = "" if cursor is None else "~".join(str(part) for part in cursor)

    def build() -> page_cache.Fragments:
        context = practice_history(participation.enrolment, before)
        return {"logs": page_cache.render("homework/_practice_list_body.html", context)}

    return {"fragments": page_cache.fragments(participation, versions, "practice", (where,), build)}


def _week_label(number: int | None) -> str:
    if number is None:
        return "After the course"
    if number == BEFORE_COURSE:
        return "Before class 1"
    return f"Week {number}"


def calendar(enrolment: Enrolment, kind: str) -> dict[str, Any]:
    entries = list(
        CalendarEntry.objects.filter(enrolment=enrolment, kind=kind).order_by("-occurred_on")
    )
    by_week: dict[int | None, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        by_week[course_week(enrolment.cohort, entry.occurred_on)].append(entry)
    groups = [
        {"label": _week_label(n), "entries": by_week[n]}
        for n in sorted(by_week, key=lambda n: -1 if n is None else n, reverse=True)
    ]
    return {"kind": kind, "kind_label": CalendarKind(kind).label, "groups": groups}


def practice_chart(enrolment: Enrolment, today: dt.date, course: CourseProgress) -> dict[str, Any]:
    """Daily minutes with pain and stress beside them: the participant's progress page and the
    instructor's view of that participant draw the same chart from this (no query of its own:
    `course` is that enrolment's course_progress over all eight weeks)."""
    chart = _minutes_chart(enrolment, today, course)
    scores = {day: value for day, value in course.daily_scores.items() if day <= today}
    return {
        **chart,
        "scores_chart": charts.score_chart([d for d, _ in chart["series"]], scores),
        "rows": [(d, m, scores.get(d)) for d, m in chart["series"]],
    }


def progress(participation: Participation) -> dict[str, Any]:
    """The progress page: its charts and week table are one cached fragment of this person's
    (homework.page_cache), rendered from their cached course progress on a miss."""
    enrolment, today, number = participation.enrolment, participation.today, participation.week
    versions = page_cache.Versions.of(participation)

    def build() -> page_cache.Fragments:
        course = cached_course_progress(enrolment, today, versions.tokens)
        last_week = COURSE_WEEKS if number is None else number
        context = {
            "cohort": enrolment.cohort,
            "weeks": [course.weeks[n] for n in range(1, last_week + 1)] if last_week else [],
            **practice_chart(enrolment, today, course),
        }
        return {"body": page_cache.render("homework/_progress_body.html", context)}

    return {
        "cohort": enrolment.cohort,
        "fragments": page_cache.fragments(participation, versions, "progress", (), build),
    }


def comments_for(enrolment: Enrolment, week: int) -> QuerySet[InstructorComment]:
    """Comments on this participant's shared entries of one course week (one query).

    For the participant's week page: `{% include "homework/_comments.html" %}` with `comments`
    set to this. Comments on entries later made private again are left out.
    """
    return (
        InstructorComment.objects.filter(enrolment=enrolment, week=week)
        .exclude(practice_log__shared_with_instructors=False)
        .exclude(calendar_entry__shared_with_instructors=False)
        .exclude(check_in__shared_with_instructors=False)
        .select_related("author", "practice_log__practice", "calendar_entry", "check_in")
        .order_by("created_at")
    )
