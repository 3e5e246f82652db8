"""The roster: one row per participant, numbers from the progress module, fixed query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.actions import record_attendance
from course.models import Attendance, Cohort, Enrolment, Practice
from homework.models import CheckIn, PracticeLog
from homework.progress import course_progress
from teach.selectors import RosterRow, build_roster, sort_rows
from tests.support.cohorts import fill_cohort

pytestmark = pytest.mark.django_db

# Queries for a roster page, whatever the cohort size:
#  1 user (the signed-in instructor; the session comes from the cache, SESSION_ENGINE cached_db)
#  1 the cohort (teaching_cohort)
#  1 enrolments with participants
#  9 homework.progress (targets, alternates, formal practices, readings, calendars asked,
#    logs, readings done, calendar entries, check-ins)
#  1 attendance totals, 1 last practice dates, 1 latest class with marks and 1 its marks
#  1 weekly classes held (for "cannot complete")
#  1 the sessions for the attendance links, 1 the invitations not yet accepted
ROSTER_QUERIES = (
    19  # 18, and one for the intake markers (the attendance links moved to the schedule)
)


def roster_queries(client: Client, cohort: Cohort) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("teach:roster", args=[cohort.public_id]))
    assert response.status_code == 200
    return len(queries)


def test_the_roster_costs_the_same_queries_for_5_and_40_participants(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    first = fill_cohort(cohort, 5)[0]
    # Mid-course, with marks recorded (the query that reads them then returns rows).
    record_attendance(cohort.sessions.get(number=1, kind="week"), {first.pk: "present"}, instructor)
    small = roster_queries(client, cohort)
    fill_cohort(cohort, 35, seed=5)
    big = roster_queries(client, cohort)
    assert small == big == ROSTER_QUERIES
    assert Enrolment.objects.filter(cohort=cohort).count() == 40


def test_the_roster_shows_who_is_invited_and_each_invitations_status(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    from django.utils import timezone

    from course.models import Invitation

    now = timezone.now()
    Invitation.objects.create(cohort=cohort, email="waiting@example.org", invited_by=instructor)
    Invitation.objects.create(
        cohort=cohort, email="gone@example.org", invited_by=instructor, revoked_at=now
    )
    Invitation.objects.create(
        cohort=cohort,
        email="late@example.org",
        invited_by=instructor,
        last_sent_at=now - dt.timedelta(days=20),
    )
    Invitation.objects.create(
        cohort=cohort, email="pat@example.org", invited_by=instructor, accepted_at=now
    )
    client.force_login(instructor)
    page = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
    assert 'waiting@example.org: <span class="status status-pending">Pending</span>' in page
    assert 'gone@example.org: <span class="status status-revoked">Revoked</span>' in page
    assert 'late@example.org: <span class="status status-expired">Expired</span>' in page
    assert "pat@example.org:" not in page  # accepted: a participant row instead


def test_participant_detail_costs_the_same_queries_in_a_cohort_of_5_or_40(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    first = fill_cohort(cohort, 5)[0]
    url = reverse("teach:participant", args=[cohort.public_id, first.public_id])
    cache.clear()  # each view below starts cold: the session too is read from its table
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill_cohort(cohort, 35, seed=6)
    cache.clear()  # both views compute the progress (the next one finds it cached)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    # session, user, cohort, enrolment, the access-log insert, 9 progress, attendance totals, weekly classes held,
    # marks, sessions, the 3 kinds of shared entry and the comments of the one kind that has
    # entries here (a prefetch runs only when there is something to prefetch for). The chart
    # costs nothing more: its daily minutes and scores come with the progress module's. And 1
    # for the private message threads (their replies' prefetch runs only when there are some).
    assert len(small) == len(big) == 23
    # Seen again: the week table, chart, classes, private threads and the page of shared
    # entries come as rendered fragments (teach/participant_page.py), so only the user (the
    # session is cached), the cohort, the enrolment and the access-log insert remain.
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    assert len(cached) == 4


def test_each_cell_shows_the_progress_modules_adherence_as_a_number_and_a_shade(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    enrolments = fill_cohort(cohort, 3)
    progress = course_progress(
        list(Enrolment.objects.filter(cohort=cohort).select_related("cohort"))
    )
    page = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
    for enrolment in enrolments:
        week = progress[enrolment.pk].weeks[2]
        expected = f"{round(week.adherence * 100)}%"
        summary = f"{week.days_short} · {week.minutes}/{week.target_minutes} min"
        assert f'<strong>{expected}</strong><br><span class="small">{summary}</span>' in page
    assert "level-good" in page or "level-some" in page or "level-low" in page


@pytest.fixture
def pat(enrolment: Enrolment) -> Enrolment:
    return enrolment


def log(enrolment: Enrolment, day: dt.date, minutes: int, slug: str = "body-scan") -> None:
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug=slug),
        practised_on=day,
        minutes=minutes,
    )


def row_for(cohort: Cohort, enrolment: Enrolment) -> RosterRow:
    return next(r for r in build_roster(cohort) if r.enrolment.pk == enrolment.pk)


def test_no_practice_for_four_days_is_flagged(cohort: Cohort, pat: Enrolment) -> None:
    today = cohort.local_today()
    log(pat, today - dt.timedelta(days=3), 30)
    assert not any("No practice" in f for f in row_for(cohort, pat).flags)
    PracticeLog.objects.all().delete()
    log(pat, today - dt.timedelta(days=4), 30)
    row = row_for(cohort, pat)
    assert "No practice logged for 4 days" in row.flags
    assert row.last_practice == today - dt.timedelta(days=4)


def test_a_missed_class_is_flagged(cohort: Cohort, pat: Enrolment, instructor: User) -> None:
    session = cohort.sessions.get(kind="week", number=2)
    record_attendance(session, {pat.pk: Attendance.Status.ABSENT}, instructor)
    assert "Missed the last class" in row_for(cohort, pat).flags
    record_attendance(session, {pat.pk: Attendance.Status.EXCUSED}, instructor)
    assert "Missed the last class" not in row_for(cohort, pat).flags


def test_below_half_adherence_two_weeks_running_is_flagged(cohort: Cohort, pat: Enrolment) -> None:
    # The cohort is in week 3: weeks 1 and 2 are final. Week 1 asks 45 min on 6 days.
    for offset in range(6):
        log(pat, cohort.start_date + dt.timedelta(days=offset), 20)  # 120 of 270: 44 %
        log(pat, cohort.start_date + dt.timedelta(days=7 + offset), 10)
    assert "Below 50% adherence two weeks running" in row_for(cohort, pat).flags
    for offset in range(6):
        log(pat, cohort.start_date + dt.timedelta(days=7 + offset), 45)
    assert "Below 50% adherence two weeks running" not in row_for(cohort, pat).flags


def test_the_check_in_trend_compares_the_first_week_with_the_latest(
    cohort: Cohort, pat: Enrolment
) -> None:
    CheckIn.objects.create(enrolment=pat, day=cohort.start_date, pain=7, stress=8)
    CheckIn.objects.create(
        enrolment=pat, day=cohort.start_date + dt.timedelta(days=8), pain=4, stress=5
    )
    row = row_for(cohort, pat)
    assert (row.pain.first, row.pain.latest, row.pain.change) == (7.0, 4.0, -3.0)
    assert row.stress.change == -3.0


def test_sorting_works_on_every_column_without_javascript(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    fill_cohort(cohort, 4)
    page = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
    keys = ["name", "attendance", "last_practice", "pain", "stress", "flags"] + [
        f"week{n}" for n in range(1, 9)
    ]
    # Sorted by name now, so its link reverses the order; every other column sorts ascending.
    assert 'href="?sort=-name"' in page
    from teach.selectors import SORT_KEYS

    for key in keys:
        assert f'href="?sort={key}"' in page or key == "name"
        for sort in (key, f"-{key}"):
            response = client.get(reverse("teach:roster", args=[cohort.public_id]), {"sort": sort})
            assert response.status_code == 200
            # The rows come back in that column's order (empty values last).
            values = [SORT_KEYS[key](row) for row in response.context["rows"]]
            present = [v for v in values if v is not None]
            assert present == sorted(present, reverse=sort.startswith("-")), sort
            assert values[: len(present)] == present, sort
    assert (
        client.get(
            reverse("teach:roster", args=[cohort.public_id]), {"sort": "nonsense"}
        ).status_code
        == 200
    )


def test_sorting_by_a_week_orders_by_adherence_and_reverses(
    cohort: Cohort, instructor: User
) -> None:
    fill_cohort(cohort, 6)
    rows = build_roster(cohort)
    ascending, _ = sort_rows(rows, "week2")
    values = [r.weeks[1].adherence for r in ascending]
    assert values == sorted(values)
    descending, _ = sort_rows(rows, "-week2")
    assert [r.weeks[1].adherence for r in descending] == sorted(values, reverse=True)


def test_completion_follows_the_cohorts_threshold(
    cohort: Cohort, pat: Enrolment, instructor: User
) -> None:
    cohort.completion_threshold = 2
    cohort.save()
    classes = list(cohort.sessions.filter(kind="week").order_by("number"))
    with time_machine.travel(cohort.end_date + dt.timedelta(days=2)):
        record_attendance(classes[0], {pat.pk: "present"}, instructor)
        assert row_for(cohort, pat).completion == "1 of 2 needed"
        record_attendance(classes[1], {pat.pk: "present"}, instructor)
        assert row_for(cohort, pat).completion == "Completed"
        pat.refresh_from_db()
        assert pat.status == Enrolment.Status.ACTIVE  # class 8 not recorded yet
        record_attendance(classes[-1], {pat.pk: "absent"}, instructor)
        pat.refresh_from_db()
        assert pat.status == Enrolment.Status.COMPLETED
        cohort.completion_threshold = 3
        cohort.save()
        record_attendance(classes[-1], {pat.pk: "absent"}, instructor)
        pat.refresh_from_db()
        assert pat.status == Enrolment.Status.ACTIVE


def test_weeks_that_have_not_begun_show_no_number(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    client.force_login(instructor)
    page = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
    assert (
        '<td class="cell level-none" data-week="4"><span class="small">not begun</span></td>'
        in page
    )
    # The current week is on its way, not failed: it is judged on pace, in a neutral shade.
    assert '<td class="cell level-current" data-week="3"><strong>' in page
    assert 'data-week="3"><strong>0%</strong>' not in page
