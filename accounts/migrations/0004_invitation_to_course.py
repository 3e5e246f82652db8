"""Invitations now belong to course (course 0003 took them over, table and rows unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_invitation"),
        ("course", "0003_invitation_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Invitation")],
        ),
    ]
