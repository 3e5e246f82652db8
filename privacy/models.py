"""Requests a person makes about their own data, and cohorts the retention job has anonymised."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

EXPORT_VALID = dt.timedelta(days=7)
DELETION_GRACE = dt.timedelta(days=7)


class DataExport(models.Model):
    """One "Download my data" ZIP: built by a worker, fetched through a signed link.

    The file sits under MEDIA_ROOT in a folder named by a random UUID (`path`), never under
    MEDIA_URL: privacy.views.download_export serves it to its owner only.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        EXPIRED = "expired", "Expired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    path = models.CharField(max_length=300, blank=True, help_text="Relative to MEDIA_ROOT.")
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Data export {self.public_id} ({self.get_status_display()})"

    @property
    def expires_at(self) -> dt.datetime:
        return (self.ready_at or self.requested_at) + EXPORT_VALID

    def is_downloadable(self, now: dt.datetime | None = None) -> bool:
        return (
            self.status == self.Status.READY
            and bool(self.path)
            and (now or timezone.now()) < self.expires_at
        )


class DeletionRequest(models.Model):
    """A person asked for their account to be erased; it happens once `due_at` has passed.

    Cancelling deletes this row. The erasure job (privacy.tasks.erase_due_accounts) removes the
    person, and this row with them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_request"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Serves the erasure job: requests whose grace period is over.
            models.Index(fields=["due_at"], name="deletionrequest_due"),
        ]

    def __str__(self) -> str:
        return f"Deletion of {self.user} due {self.due_at:%Y-%m-%d %H:%M}"


class AnonymisedCohort(models.Model):
    """The retention job anonymised this cohort (kept so it is done once, and to show when)."""

    cohort = models.OneToOneField(
        "course.Cohort", on_delete=models.CASCADE, related_name="anonymised"
    )
    anonymised_at = models.DateTimeField(default=timezone.now)
    enrolments = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return f"Cohort {self.cohort_id} anonymised {self.anonymised_at:%Y-%m-%d}"
