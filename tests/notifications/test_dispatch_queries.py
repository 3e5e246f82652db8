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


@pytest.mark.parametrize("people", [3, 40])
def test_the_daily_scan_takes_a_fixed_number_of_queries(cohort: Cohort, people: int) -> None:
    for _ in range(people):
        EnrolmentFactory(cohort=cohort, participant=UserFactory())
    NotificationSettings.objects.exclude(user__enrolments__cohort=cohort).update(next_daily_at=None)
    due = max(
        NotificationSettings.objects.filter(next_daily_at__isnull=False).values_list(
            "next_daily_at", flat=True
        )
    )
    with (
        time_machine.travel(due + dt.timedelta(seconds=1), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        ids = dispatch_daily(dt.datetime.now(dt.UTC))
    assert len(ids) == people
    # due settings+users; their enrolments; savepoint, ledger insert, bulk next-due update,
    # release; pending ids; then the empty second scan. (Repairing accounts without settings
    # is the sweeper's job, not the tick's.)
    assert len(queries) == 8, [q["sql"][:60] for q in queries]
