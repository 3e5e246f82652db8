"""The instructor's page about one participant: shared entries fifty a page (keyset, plain
links) and the week table from the cached progress, fresh after every write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment, Practice
from homework.models import CalendarEntry, CheckIn, PracticeLog
from teach.views.roster import SHARED_PAGE

pytestmark = pytest.mark.django_db


def page_url(cohort: Cohort, enrolment: Enrolment) -> str:
    return reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])


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
    while url:
        response = signed_in.get(url)
        assert response.status_code == 200
        entries = response.context["entries"]
        assert len(entries) <= SHARED_PAGE
        seen += [
            (
                kind,
                entry.public_id,
                getattr(entry, "practised_on", None)
                or getattr(entry, "occurred_on", None)
                or entry.day,
            )
            for kind, entry in entries
        ]
        html = response.content.decode()
        older = re.search(r'href="\?before=([^"#]+)#shared">Older shared entries', html)
        url = page_url(cohort, enrolment) + f"?before={older.group(1)}" if older else ""
        if pages:
            assert "Newest shared entries" in html
        pages += 1
    assert pages == 3
    assert len(seen) == total
    assert len({public_id for _, public_id, _ in seen}) == total
    days = [day for _, _, day in seen]
    assert days == sorted(days, reverse=True)


def test_a_cursor_that_cannot_be_read_shows_the_first_page(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    share_many(cohort, enrolment)
    first = signed_in.get(page_url(cohort, enrolment)).context["entries"]
    for bad in (
        "nonsense",
        "2026-13-01.log.x",
        "2026-01-01.zzz.00000000-0000-0000-0000-000000000000",
    ):
        response = signed_in.get(page_url(cohort, enrolment), {"before": bad})
        assert response.status_code == 200
        assert response.context["entries"] == first


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
    weeks = signed_in.get(page_url(cohort, enrolment)).context["weeks"]
    assert weeks[0].check_ins.pain is None
    CheckIn.objects.create(enrolment=enrolment, day=cohort.start_date, pain=7, stress=2)
    response = signed_in.get(page_url(cohort, enrolment))
    assert response.context["weeks"][0].check_ins.pain == 7
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date,
        minutes=33,
    )
    assert signed_in.get(page_url(cohort, enrolment)).context["weeks"][0].minutes == 33


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
    assert signed_in.get(page_url(cohort, enrolment)).context["weeks"][0].minutes == 44
    assert signed_in.get(page_url(cohort, robin)).context["weeks"][0].minutes == 0
    assert signed_in.get(page_url(cohort, enrolment)).context["weeks"][0].minutes == 44
