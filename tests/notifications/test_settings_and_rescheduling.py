"""Notification settings: created with each account, rescheduled when the time or zone changes,
and the form the preferences page shows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.models import User
from notifications.due import get_or_create_settings, reschedule
from notifications.forms import NotificationSettingsForm
from notifications.models import NotificationSettings
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_account_gets_settings_with_its_next_reminder_time() -> None:
    with time_machine.travel(dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC), tick=False):
        user = UserFactory(time_zone="Europe/Berlin")
    prefs = NotificationSettings.objects.get(user=user)
    # 08:00 in Berlin (summer time) is 06:00 UTC, still ahead on that morning.
    assert prefs.next_daily_at == dt.datetime(2026, 6, 1, 6, 0, tzinfo=dt.UTC)


def test_changing_time_or_zone_moves_the_stored_next_due_time() -> None:
    with time_machine.travel(dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC), tick=False):
        user = UserFactory(time_zone="Europe/Berlin")
        prefs = get_or_create_settings(user)
        prefs.reminder_time = dt.time(6, 30)  # 04:30 UTC: already past today
        reschedule(prefs)
        prefs.refresh_from_db()
        assert prefs.next_daily_at == dt.datetime(2026, 6, 2, 4, 30, tzinfo=dt.UTC)
        assert prefs.reminder_time == dt.time(6, 30)
        user.time_zone = "Australia/Lord_Howe"  # 06:30 there (+10:30) is 20:00 UTC
        user.save()
        prefs = get_or_create_settings(user)
        reschedule(prefs)
        assert prefs.next_daily_at == dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)


def test_the_form_turns_kinds_off_and_pauses_without_losing_anything(participant: User) -> None:
    prefs = get_or_create_settings(participant)
    next_due = prefs.next_daily_at
    form = NotificationSettingsForm(
        data={
            "reminder_time": "08:00",
            "class_enabled": "on",
            "summary_enabled": "on",
            "paused_until": "2026-12-24",
        },
        instance=prefs,
    )
    assert form.is_valid(), form.errors
    form.save()
    prefs.refresh_from_db()
    assert prefs.daily_enabled is False
    assert prefs.announcement_enabled is False
    assert prefs.class_enabled is True
    assert prefs.paused_until == dt.date(2026, 12, 24)
    assert prefs.next_daily_at == next_due
    assert "digest_enabled" not in form.fields  # participants have no digest


def test_instructors_also_get_the_digest_switch(instructor: User) -> None:
    form = NotificationSettingsForm(
        data={"reminder_time": "08:00"}, instance=get_or_create_settings(instructor)
    )
    assert "digest_enabled" in form.fields
    assert form.is_valid()
    form.save()
    assert NotificationSettings.objects.get(user=instructor).digest_enabled is False


def test_the_form_labels_every_control(participant: User) -> None:
    html = NotificationSettingsForm(instance=get_or_create_settings(participant)).as_div()
    for name in ("reminder_time", "daily_enabled", "class_enabled", "summary_enabled", "paused_until"):
        assert f'for="id_{name}"' in html
    assert 'type="date"' in html


def test_accounts_made_without_the_signal_get_settings_at_the_next_sweep() -> None:
    from notifications.tasks import sweep_stuck

    User.objects.bulk_create([User(email="bulk@example.org", time_zone="Asia/Kolkata")])
    with time_machine.travel(dt.datetime(2026, 6, 1, 0, 0, tzinfo=dt.UTC), tick=False):
        sweep_stuck()
    prefs = NotificationSettings.objects.get(user__email="bulk@example.org")
    # 08:00 in Kolkata (+05:30) is 02:30 UTC.
    assert prefs.next_daily_at == dt.datetime(2026, 6, 1, 2, 30, tzinfo=dt.UTC)
