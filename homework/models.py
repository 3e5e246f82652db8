"""What a participant does between classes."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from course.models import Enrolment, Practice

MAX_MINUTES_PER_ENTRY = 240


class PracticeLog(models.Model):
    """One formal practice session, dated by the participant's own local calendar day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="practice_logs")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="logs")
    practised_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    guided = models.BooleanField(default=True, help_text="With a recording or live guidance.")
    note = models.TextField(blank=True)
    shared_with_instructors = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-practised_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES_PER_ENTRY),
                name="practicelog_minutes_in_range",
            ),
        ]
        indexes = [
            # Serves progress: every log of these enrolments between two dates.
            models.Index(fields=["enrolment", "practised_on"], name="practicelog_enrol_day"),
        ]

    def __str__(self) -> str:
        return f"{self.practice} {self.minutes} min on {self.practised_on}"
