"""When things are due, in local wall-clock time.

Every due time is computed from a local date and a wall-clock time with
`course.calendar.local_datetime`, which moves a time skipped by a spring-forward change forward
and takes the first of a doubled autumn time. Daily reminders advance by one *local day*, never
by 24 hours, so a clock change cannot move them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from course.calendar import COURSE_WEEKS, local_datetime, week_dates
from course.models import ClassSession, Cohort
from notifications.models import NotificationSettings

# The morning after a week ends (cohort time): late enough not to arrive at midnight.
SUMMARY_AT = dt.time(7, 0)
# The morning of a class day (cohort time).
DIGEST_AT = dt.time(7, 0)


def class_reminder_lead_days() -> int:
    """How many local days before a class its reminder goes (setting, default one)."""
    return int(getattr(settings, "NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS", 1))


def in_utc(instant: dt.datetime) -> dt.datetime:
    """Aware datetimes sharing a zone add and subtract by the wall clock, which is wrong across
    a DST change; every instant this module hands out is therefore in UTC."""
    return instant.astimezone(dt.UTC)


def daily_due(user: User, local_day: dt.date) -> dt.datetime:
    """The instant of `user`'s daily reminder on `local_day`, in their own zone."""
    return in_utc(local_datetime(user.time_zone, local_day, user.reminder_time))


def next_daily_after(user: User, instant: dt.datetime) -> dt.datetime:
    """The first daily-reminder instant strictly after `instant`."""
    day = user.local_date(instant)
    due = daily_due(user, day)
    while due <= instant:
        day += dt.timedelta(days=1)
        due = daily_due(user, day)
    return due


def settings_for(user: User) -> NotificationSettings:
    """A person's notification settings, created (with a next-due time) on first use."""
    found, _created = NotificationSettings.objects.get_or_create(
        user=user, defaults={"next_daily_at": next_daily_after(user, timezone.now())}
    )
    return found


def reschedule_user(user: User, now: dt.datetime | None = None) -> NotificationSettings:
    """Recompute the stored next-due time after `reminder_time` or `time_zone` changed.

    The preferences page calls this after saving the user. It may point at a time later
    today that was already reminded about (e.g. 08:00 → 10:00 at 09:00): the ledger's key is the
    local date, so that second dispatch finds the row and sends nothing.
    """
    now = now or timezone.now()
    prefs = settings_for(user)
    prefs.next_daily_at = next_daily_after(user, now)
    prefs.save(update_fields=["next_daily_at", "updated_at"])
    return prefs


def class_reminder_due(session: ClassSession) -> dt.datetime:
    """The class's own wall-clock time, `lead` local days earlier, in the cohort's zone."""
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    local_start = session.starts_at.astimezone(zone)
    day = local_start.date() - dt.timedelta(days=class_reminder_lead_days())
    return in_utc(
        local_datetime(session.cohort.time_zone, day, local_start.time().replace(tzinfo=None))
    )


def digest_due(session: ClassSession) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    day = session.starts_at.astimezone(zone).date()
    return min(in_utc(local_datetime(session.cohort.time_zone, day, DIGEST_AT)), session.starts_at)


def summary_due(cohort: Cohort, week: int) -> dt.datetime:
    """Week `week` ends at local midnight; its summary goes the following morning."""
    last_day = week_dates(cohort, week)[1]
    return in_utc(local_datetime(cohort.time_zone, last_day + dt.timedelta(days=1), SUMMARY_AT))


def last_ended_week(cohort: Cohort, now: dt.datetime) -> int | None:
    """The latest course week whose summary time has passed, if any."""
    for week in range(COURSE_WEEKS, 0, -1):
        if summary_due(cohort, week) <= now:
            return week
    return None
