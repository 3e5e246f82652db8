"""The tick's daily scan costs the same number of queries for 3 people as for 40."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from course.models import Cohort
from notifications.due import dispatch_daily
from notifications.models import NotificationSettings
from tests.support.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def scan_queries(cohort: Cohort, people: int) -> int:
    """Queries the daily scan costs when `people` participants of `cohort` are due at once."""
    now_enrolled = cohort.enrolments.count()
    for _ in range(people - now_enrolled):
        EnrolmentFactory(cohort=cohort, participant=UserFactory())
    NotificationSettings.objects.exclude(user__enrolments__cohort=cohort).update(next_daily_at=None)
    due = max(
        NotificationSettings.objects.filter(next_daily_at__isnull=False).values_list(
            "next_daily_at", flat=True
        )
    )
    # Everyone due at the same moment, as after the previous scan moved them a day on.
    NotificationSettings.objects.filter(next_daily_at__isnull=False).update(next_daily_at=due)
    with (
        time_machine.travel(due + dt.timedelta(seconds=1), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        ids = dispatch_daily(dt.datetime.now(dt.UTC))
    assert len(ids) == people
    return len(queries)


def test_the_daily_scan_costs_the_same_for_3_people_as_for_40(cohort: Cohort) -> None:
    small = scan_queries(cohort, 3)
    big = scan_queries(cohort, 40)
    # due settings+users; their enrolments; savepoint, ledger insert, bulk next-due update,
    # release; pending ids; then the empty second scan. (Repairing accounts without settings
    # is the sweeper's job, not the tick's.)
    assert small == big == 8
