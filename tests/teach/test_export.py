"""CSV export: streamed, spreadsheet-friendly, and equal to the progress module cell for cell."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.actions import record_attendance
from course.models import Cohort, Enrolment, Practice
from homework.models import PracticeLog
from homework.progress import course_progress
from teach import export
from tests.support.cohorts import fill_cohort
from tests.support.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def download(client: Client, name: str, cohort: Cohort) -> tuple[StreamingHttpResponse, str]:
    response = client.get(reverse(f"teach:{name}", args=[cohort.public_id]))
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_weekly_export_of_40_participants_matches_the_progress_module_cell_for_cell(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    fill_cohort(cohort, 40)
    some = list(Enrolment.objects.filter(cohort=cohort)[:3])
    record_attendance(
        cohort.sessions.get(kind="week", number=1),
        {some[0].pk: "present", some[1].pk: "absent", some[2].pk: "excused"},
        instructor,
    )
    client.force_login(instructor)
    response, text = download(client, "export_weeks", cohort)
    assert isinstance(response, StreamingHttpResponse)
    # Named after the cohort and the day (in the cohort's zone), not an id.
    assert response["Content-Disposition"] == (
        f'attachment; filename="spring-cohort-weeks-{cohort.local_today().isoformat()}.csv"'
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 40 * 8

    enrolments = list(
        Enrolment.objects.filter(cohort=cohort).select_related("cohort", "participant")
    )
    progress = course_progress(enrolments)
    by_email = {e.participant.email: e for e in enrolments}
    attendance = {(some[0].pk, 1): "present", (some[1].pk, 1): "absent", (some[2].pk, 1): "excused"}
    for row in rows:
        enrolment = by_email[row["participant_email"]]
        week = progress[enrolment.pk].weeks[int(row["week"])]
        assert row["week_start"] == week.first_day.isoformat()
        assert row["week_end"] == week.last_day.isoformat()
        assert int(row["minutes"]) == week.minutes
        assert int(row["days_practised"]) == week.days_practised
        assert int(row["target_minutes"]) == week.target_minutes
        assert int(row["target_days"]) == week.target_days
        # The same whole percent the roster shows, under a header that says it is one.
        assert row["adherence_percent"] == (
            "" if week.adherence is None else str(round(week.adherence * 100))
        )
        assert int(row["check_ins"]) == week.check_ins.count
        assert row["pain_average"] == (
            "" if week.check_ins.pain is None else str(week.check_ins.pain)
        )
        assert row["stress_average"] == (
            "" if week.check_ins.stress is None else str(week.check_ins.stress)
        )
        assert row["attendance"] == attendance.get((enrolment.pk, week.week), "")
    assert sum(int(r["minutes"]) for r in rows) == sum(p.minutes for p in progress.values())


def test_the_practice_export_has_one_row_per_entry_with_iso_dates_and_accents_intact(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    enrolment = EnrolmentFactory(cohort=cohort, participant__display_name="Zoë Ñúñez")
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date + dt.timedelta(days=1),
        minutes=45,
        note="calmer, “ça va”",
        shared_with_instructors=True,
    )
    client.force_login(instructor)
    _, text = download(client, "export_entries", cohort)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == export.ENTRY_HEADER
    assert rows[1][1] == "Zoë Ñúñez"
    assert rows[1][2] == (cohort.start_date + dt.timedelta(days=1)).isoformat()
    assert rows[1][3:6] == ["1", "Body scan", "45"]
    assert rows[1][7] == "calmer, “ça va”"


def test_ten_thousand_practice_rows_are_streamed_not_built_in_memory(
    client: Client, instructor: User, cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [EnrolmentFactory(cohort=cohort) for _ in range(20)]
    body_scan = Practice.objects.get(slug="body-scan")
    PracticeLog.objects.bulk_create(
        PracticeLog(
            enrolment=people[i % 20],
            practice=body_scan,
            practised_on=cohort.start_date + dt.timedelta(days=(i // 20) % 56),
            minutes=1 + i % 60,
        )
        for i in range(10_000)
    )
    # A queryset read without .iterator() fills its result cache: every row in memory at once.
    # The export must read the log rows from the cursor instead, so filling a cache of them fails.
    fill_cache = QuerySet._fetch_all

    def refuse_cached_logs(queryset: QuerySet) -> None:
        if queryset.model is PracticeLog:
            raise AssertionError("the practice log rows were loaded into memory all at once")
        fill_cache(queryset)

    monkeypatch.setattr(QuerySet, "_fetch_all", refuse_cached_logs)
    client.force_login(instructor)
    response = client.get(reverse("teach:export_entries", args=[cohort.public_id]))
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    assert next(chunks) == "\ufeff".encode()
    assert next(chunks).decode().startswith("participant_email,")
    # The rest arrives line by line as the database cursor is read, never as one string.
    count = sum(1 for _ in chunks)
    assert count == 10_000


def test_the_weekly_export_reads_progress_in_batches(
    monkeypatch: pytest.MonkeyPatch, cohort: Cohort
) -> None:
    monkeypatch.setattr(export, "BATCH", 3)
    fill_cohort(cohort, 7)
    sizes = []
    real = export.course_progress

    def spy(enrolments, *args, **kwargs):
        sizes.append(len(enrolments))
        return real(enrolments, *args, **kwargs)

    monkeypatch.setattr(export, "course_progress", spy)
    rows = list(export.week_rows(cohort))
    assert sizes == [3, 3, 1]
    assert len(rows) == 1 + 7 * 8


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    enrolment = EnrolmentFactory(cohort=cohort, participant__display_name='=HYPERLINK("http://x")')
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=10,
        note="@SUM(A1)",
        shared_with_instructors=True,
    )
    client.force_login(instructor)
    _, text = download(client, "export_entries", cohort)
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[7] == "'@SUM(A1)"
