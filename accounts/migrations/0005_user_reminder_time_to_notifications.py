"""Drop User.reminder_time: notifications 0003 copied every value to NotificationSettings."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_invitation_to_course"),
        ("notifications", "0003_reminder_time"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="reminder_time"),
    ]
