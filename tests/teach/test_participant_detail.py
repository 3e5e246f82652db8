"""The instructor's page about one participant: shared entries fifty a page (keyset, plain
links) and the week table from the cached progress, fresh after every write. The page's
summary and shared entries come as cached fragments (teach/participant_page.py), so these
tests read the page's markup, not its context."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment, Practice
from homework.models import CalendarEntry, CheckIn, PracticeLog
from teach.participant_page import SHARED_PAGE

pytestmark = pytest.mark.django_db


def page_url(cohort: Cohort, enrolment: Enrolment) -> str:
    return reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])


ENTRY = re.compile(r'<article class="card" id="entry-([0-9a-f-]{36})">')


def shown_entries(html: str) -> list[str]:
    """The public ids of the shared entries on the page, in its order."""
    return ENTRY.findall(html)


def week_cells(html: str, week: int) -> list[str]:
    """The cells of one week's row of the week table: adherence, days, minutes, pain, stress."""
    row = re.search(rf'<th scope="row">Week {week} .*?</tr>', html, re.S)
    assert row is not None
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]


def week_one(client: Client, cohort: Cohort, enrolment: Enrolment) -> list[str]:
    response = client.get(page_url(cohort, enrolment))
    assert response.status_code == 200
    return week_cells(response.content.decode(), 1)


def entry_days(enrolment: Enrolment) -> dict[str, dt.date]:
    days = {}
    for model, field in (
        (PracticeLog, "practised_on"),
        (CalendarEntry, "occurred_on"),
        (CheckIn, "day"),
    ):
        for public_id, day in model.objects.filter(enrolment=enrolment).values_list(
            "public_id", field
        ):
            days[str(public_id)] = day
    return days


def share_many(cohort: Cohort, enrolment: Enrolment) -> int:
    """Logs, calendar entries and check-ins over 40 days, several on one day: 130 entries."""
    body_scan = Practice.objects.get(slug="body-scan")
    logs = [
        PracticeLog(
            enrolment=enrolment,
            practice=body_scan,
            practised_on=cohort.start_date + dt.timedelta(days=i % 40),
            minutes=10 + i % 7,
            shared_with_instructors=True,
            note=f"log {i}",
        )
        for i in range(80)
    ]
    PracticeLog.objects.bulk_create(logs)
    CalendarEntry.objects.bulk_create(
        CalendarEntry(
            enrolment=enrolment,
            kind="pleasant",
            occurred_on=cohort.start_date + dt.timedelta(days=i),
            event=f"calendar {i}",
            shared_with_instructors=True,
        )
        for i in range(25)
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            enrolment=enrolment,
            day=cohort.start_date + dt.timedelta(days=i),
            pain=3,
            stress=4,
            note=f"check-in {i}",
            shared_with_instructors=True,
        )
        for i in range(25)
    )
    # A private entry is never listed.
    PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan, practised_on=cohort.start_date, minutes=5
    )
    return 130


def test_shared_entries_come_fifty_a_page_each_once_newest_first(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    total = share_many(cohort, enrolment)
    url, seen, pages = page_url(cohort, enrolment), [], 0
    days = entry_days(enrolment)
    while url:
        response = signed_in.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        entries = shown_entries(html)
        assert len(entries) <= SHARED_PAGE
        seen += [(public_id, days[public_id]) for public_id in entries]
        older = re.search(r'href="\?before=([^"#]+)#shared">Older shared entries', html)
        url = page_url(cohort, enrolment) + f"?before={older.group(1)}" if older else ""
        if pages:
            assert f'href="{page_url(cohort, enrolment)}#shared">Newest shared entries' in html
        pages += 1
    assert pages == 3
    assert len(seen) == total
    assert len({public_id for public_id, _ in seen}) == total
    shown_days = [day for _, day in seen]
    assert shown_days == sorted(shown_days, reverse=True)


def test_a_cursor_that_cannot_be_read_shows_the_first_page(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    share_many(cohort, enrolment)
    first = shown_entries(signed_in.get(page_url(cohort, enrolment)).content.decode())
    assert len(first) == SHARED_PAGE
    for bad in (
        "nonsense",
        "2026-13-01.log.x",
        "2026-01-01.zzz.00000000-0000-0000-0000-000000000000",
    ):
        response = signed_in.get(page_url(cohort, enrolment), {"before": bad})
        assert response.status_code == 200
        assert shown_entries(response.content.decode()) == first


def test_another_cohorts_instructor_is_refused_every_page_of_entries(
    client: Client, cohort: Cohort, enrolment: Enrolment, other_instructor: User, participant: User
) -> None:
    share_many(cohort, enrolment)
    url = page_url(cohort, enrolment)
    for who in (other_instructor, participant):
        client.force_login(who)
        assert client.get(
            url, {"before": f"{cohort.start_date}.log.{enrolment.public_id}"}
        ).status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302


def test_a_check_in_shows_in_the_week_table_on_the_next_view(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    assert week_one(signed_in, cohort, enrolment)[3] == "\N{EN DASH}"  # no pain figure yet
    CheckIn.objects.create(enrolment=enrolment, day=cohort.start_date, pain=7, stress=2)
    assert week_one(signed_in, cohort, enrolment)[3:] == ["7.0", "2.0"]
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=33,
    )
    assert week_one(signed_in, cohort, enrolment)[2].startswith("33 of ")


def test_each_persons_cached_progress_is_their_own(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, second_participant: User
) -> None:
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=44,
    )
    robin = Enrolment.objects.get(participant=second_participant)
    assert week_one(signed_in, cohort, enrolment)[2].startswith("44 of ")
    assert week_one(signed_in, cohort, robin)[2].startswith("0 of ")
    assert week_one(signed_in, cohort, enrolment)[2].startswith("44 of ")
