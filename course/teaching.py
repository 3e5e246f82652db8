"""Headline figures for the instructor's home page, read in a handful of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Min, Q

from accounts.models import User
from course.calendar import BEFORE_COURSE
from course.models import Cohort, Enrolment
from homework.progress import week_progress

PHASES = ("running", "upcoming", "finished")


@dataclass
class CohortSummary:
    cohort: Cohort
    phase: str
    week: int | None
    active: int
    next_class: dt.datetime | None
    median_adherence: float | None = None


def cohort_phase(cohort: Cohort, today: dt.date) -> str:
    week = cohort.week_on(today)
    if week == BEFORE_COURSE:
        return "upcoming"
    if week is None:
        return "finished"
    return "running"


def cohort_summaries(instructor: User, now: dt.datetime) -> dict[str, list[CohortSummary]]:
    """The cohorts `instructor` teaches, by phase, with participants active, this week's median
    adherence (running cohorts) and the next class that is not cancelled.

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
                cohort__in=[s.cohort for s in group], status=Enrolment.Status.ACTIVE
            ).select_related("cohort")
        )
        progress = week_progress(enrolments, week)
        for summary in group:
            values = [
                adherence
                for e in enrolments
                if e.cohort_id == summary.cohort.pk
                and (adherence := progress[e.pk].adherence) is not None
            ]
            summary.median_adherence = median(values) if values else None
    return {phase: [s for s in summaries if s.phase == phase] for phase in PHASES}
