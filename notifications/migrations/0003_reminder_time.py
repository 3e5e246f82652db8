"""The daily reminder time moves from accounts.User to NotificationSettings.

Each person keeps the time they chose: it is copied across before accounts 0005 drops the old
column, and copied back if the migration is reversed. Someone with no settings row yet gets one
here, due at their own next reminder time, so the choice is not lost to the default.
"""

import datetime as dt
import zoneinfo

from django.db import migrations, models
from django.utils import timezone


def _next_due(zone_name, at, now):
    """The first instant after `now` at wall-clock `at` in the zone (a skipped time moves on)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    day = now.astimezone(zone).date()
    while True:
        naive = dt.datetime.combine(day, at)
        candidate = naive.replace(tzinfo=zone)
        round_trip = candidate.astimezone(dt.UTC).astimezone(zone)
        if round_trip.replace(tzinfo=None) != naive:
            candidate = round_trip
        if candidate > now:
            return candidate.astimezone(dt.UTC)
        day += dt.timedelta(days=1)


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Settings = apps.get_model("notifications", "NotificationSettings")
    now = timezone.now()
    by_user = {s.user_id: s for s in Settings.objects.all()}
    changed, missing = [], []
    for user_id, zone_name, at in User.objects.values_list("id", "time_zone", "reminder_time"):
        prefs = by_user.get(user_id)
        if prefs is None:
            missing.append(
                Settings(user_id=user_id, reminder_time=at, next_daily_at=_next_due(zone_name, at, now))
            )
        elif prefs.reminder_time != at:
            prefs.reminder_time = at
            changed.append(prefs)
    Settings.objects.bulk_update(changed, ["reminder_time"], batch_size=1000)
    Settings.objects.bulk_create(missing, batch_size=1000)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Settings = apps.get_model("notifications", "NotificationSettings")
    for user_id, at in Settings.objects.values_list("user_id", "reminder_time"):
        User.objects.filter(pk=user_id).update(reminder_time=at)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_settings_for_existing_users"),
        ("accounts", "0004_invitation_to_course"),
    ]

    operations = [
        migrations.AddField(
            model_name="notificationsettings",
            name="reminder_time",
            field=models.TimeField(
                default=dt.time(8, 0),
                help_text="In your own time zone.",
                verbose_name="daily practice reminder at",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
