"""Operations: one synchronous tick, and a preview that sends nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from course.models import Cohort, Enrolment
from notifications.due import summary_due
from notifications.models import Delivery, NotificationSettings

pytestmark = pytest.mark.django_db


def test_send_due_notifications_runs_one_tick_and_sends(enrolment: Enrolment) -> None:
    prefs = NotificationSettings.objects.get(user=enrolment.participant)
    out = StringIO()
    with time_machine.travel(prefs.next_daily_at + dt.timedelta(seconds=1), tick=False):
        call_command("send_due_notifications", stdout=out)
        call_command("send_due_notifications", stdout=out)  # a second run sends nothing more
    assert [m.subject for m in mail.outbox] == ["A moment for practice today"]
    assert "1 sent" in out.getvalue()


def test_preview_prints_both_parts_and_sends_nothing(enrolment: Enrolment, cohort: Cohort) -> None:
    out = StringIO()
    with time_machine.travel(summary_due(cohort, 2) + dt.timedelta(hours=1), tick=False):
        call_command("preview_email", "summary", user="PAT@example.org", week=2, stdout=out)
    printed = out.getvalue()
    assert "Subject: Your week 2 in review" in printed
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    assert "--- text/html ---" in printed
    assert mail.outbox == []
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("kind", ["daily", "class"])
def test_preview_works_for_reminders(enrolment: Enrolment, kind: str) -> None:
    out = StringIO()
    call_command("preview_email", kind, user=enrolment.participant.email, stdout=out)
    assert "Subject:" in out.getvalue()


def test_preview_of_the_digest_for_an_instructor(instructor: User, enrolment: Enrolment) -> None:
    out = StringIO()
    call_command("preview_email", "digest", user=instructor.email, stdout=out)
    assert "Practice in week" in out.getvalue()


def test_preview_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="No user"):
        call_command("preview_email", "daily", user="nobody@example.org")


def test_preview_shows_a_reminder_even_when_it_would_be_skipped_now(enrolment: Enrolment) -> None:
    out = StringIO()
    # Late in the evening the real reminder is long past (and would be skipped as stale).
    late = dt.datetime.now(dt.UTC).replace(hour=23, minute=0)
    with time_machine.travel(late, tick=False):
        call_command("preview_email", "daily", user=enrolment.participant.email, stdout=out)
    assert "Subject: A moment for practice today" in out.getvalue()
