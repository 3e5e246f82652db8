"""Invitations move from accounts to course, where enrolment lives.

Only Django's idea of which app owns the model changes: the table keeps its name and its rows
(accounts 0004 drops the old owner from the state, also without touching the database).
"""

import uuid

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_invitation"),
        ("course", "0002_announcement_attendance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("send_count", models.PositiveSmallIntegerField(default=1)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "accepted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="invitations_accepted",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="course.cohort",
                            ),
                        ),
                        (
                            "invited_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="invitations_sent",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_invitation",
                        "ordering": ["cohort", "email"],
                        "indexes": [
                            models.Index(
                                fields=["invited_by", "last_sent_at"], name="invitation_sender_sent"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                models.F("cohort"),
                                django.db.models.functions.text.Lower("email"),
                                name="invitation_once_per_cohort",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
