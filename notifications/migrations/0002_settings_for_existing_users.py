"""Give every existing account its notification settings and first daily due time."""

import datetime as dt
import zoneinfo

from django.db import migrations

from course.calendar import local_datetime


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    now = dt.datetime.now(dt.UTC)
    rows = []
    for user in User.objects.exclude(notification_settings__isnull=False).iterator():
        day = now.astimezone(zoneinfo.ZoneInfo(user.time_zone)).date()
        due = local_datetime(user.time_zone, day, user.reminder_time)
        if due <= now:
            due = local_datetime(user.time_zone, day + dt.timedelta(days=1), user.reminder_time)
        rows.append(NotificationSettings(user=user, next_daily_at=due))
    NotificationSettings.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("accounts", "0002_user_privacy_notice_seen_at_user_reminder_time_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
