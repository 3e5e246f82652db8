"""What we send, to whom, and what each person asked for.

`Delivery` is the ledger: one row per (recipient, kind, period), so a tick that runs twice, a
task delivered twice or a worker killed mid-send can never make a second message for the same
thing. `NotificationSettings` holds a person's choices (per-kind opt-outs, a pause) and the
stored next-due time of their daily reminder, which the tick compares with the clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    DAILY = "daily", "Daily practice reminder"
    CLASS = "class", "Class reminder"
    SUMMARY = "summary", "Weekly summary"
    DIGEST = "digest", "Instructor digest"
    # One-off messages queued by other parts of the product (see notifications.actions).
    INVITATION = "invitation", "Course invitation"
    ANNOUNCEMENT = "announcement", "Announcement from your instructor"
    # Sent at once when an instructor moves or cancels a class participants were told about.
    CLASS_UPDATE = "class_update", "Change to a class"
    # Outcome questionnaires (notifications.due_outcomes): an invitation, then one reminder.
    OUTCOME_INVITE = "outcome_invite", "Questionnaire invitation"
    OUTCOME_REMINDER = "outcome_reminder", "Questionnaire reminder"
    # Reminders to answer the intake before class 1 (notifications.due_questionnaires).
    QUESTIONNAIRE = "questionnaire", "Intake reminder"
    # The link to a person's own data (privacy.tasks.build_export); never opted out of.
    DATA_EXPORT = "data-export", "Your data, ready to download"
    # Conversations (homework.models InstructorComment and Message, queued by teach.actions):
    # an instructor's comment on a shared entry, and a private message or reply to one person.
    # Participants' replies reach instructors on the participant page and in the digest.
    COMMENT = "comment", "Comment from your instructor"
    MESSAGE = "message", "Message from your instructor"


# Kinds a person can turn off, and the settings field that holds each choice.
OPT_OUT_FIELDS: dict[str, str] = {
    Kind.DAILY: "daily_enabled",
    Kind.CLASS: "class_enabled",
    Kind.CLASS_UPDATE: "class_enabled",
    Kind.SUMMARY: "summary_enabled",
    Kind.DIGEST: "digest_enabled",
    Kind.ANNOUNCEMENT: "announcement_enabled",
    Kind.OUTCOME_INVITE: "questionnaire_enabled",
    Kind.OUTCOME_REMINDER: "questionnaire_enabled",
    Kind.QUESTIONNAIRE: "questionnaire_enabled",
    Kind.COMMENT: "conversation_enabled",
    Kind.MESSAGE: "conversation_enabled",
}


DEFAULT_REMINDER = dt.time(8, 0)


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # Moved here from accounts.User (migrations notifications 0003, accounts 0005): the
    # reminder time is a notification choice, and notifications reschedules when it changes.
    reminder_time = models.TimeField(
        "daily practice reminder at",
        default=DEFAULT_REMINDER,
        help_text="In your own time zone.",
    )
    daily_enabled = models.BooleanField("daily practice reminder", default=True)
    class_enabled = models.BooleanField("class reminder the day before", default=True)
    summary_enabled = models.BooleanField("weekly summary", default=True)
    digest_enabled = models.BooleanField("instructor digest (instructors only)", default=True)
    announcement_enabled = models.BooleanField("announcements from instructors", default=True)
    questionnaire_enabled = models.BooleanField(
        "questionnaire invitations and reminders", default=True
    )
    conversation_enabled = models.BooleanField(
        "comments and messages from instructors", default=True
    )
    # A pause (a holiday) silences the daily, class and questionnaire reminders only; summaries
    # keep the record going, and nothing else about the person changes.
    paused_until = models.DateField(
        null=True,
        blank=True,
        help_text="No reminders up to and including this local date (e.g. a holiday).",
    )
    # When the next daily reminder is due, as an instant. Computed from the person's local
    # reminder_time in their zone (see notifications.due) and advanced by one local day
    # each time it is dispatched, so clock changes never drift it.
    next_daily_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notification settings"
        verbose_name_plural = "notification settings"
        indexes = [
            # Serves the tick's "whose daily reminder is due now?" (next_daily_at <= now).
            models.Index(fields=["next_daily_at"], name="notif_settings_next_daily"),
        ]

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"

    def wants(self, kind: str) -> bool:
        field = OPT_OUT_FIELDS.get(kind)
        return True if field is None else bool(getattr(self, field))

    def is_paused_on(self, local_day: dt.date) -> bool:
        return self.paused_until is not None and local_day <= self.paused_until


class EmailOptOut(models.Model):
    """An opt-out for an address that has no account yet (e.g. someone who was invited)."""

    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="emailoptout_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} opted out of {self.get_kind_display()}"


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def claim(self, ids: Sequence[int], token: uuid.UUID, now: dt.datetime) -> int:
        """Claim the rows among `ids` that are pending and due: one conditional UPDATE marks
        them sending under `token`, so a second task holding the same ids claims none of them.
        Returns how many were claimed."""
        return self.filter(
            pk__in=ids, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).update(
            status=Delivery.Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=models.F("attempts") + 1,
        )


class Delivery(models.Model):
    """One message we decided to send, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    # The address, for recipients without an account (invitations); for accounts it is filled
    # in at send time from the user's current address.
    to = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    # What the message is about: a local date for daily reminders, "session:<uuid>" for class
    # reminders and digests, "cohort:<id>:week:<n>" for summaries, the caller's key for one-offs.
    period = models.CharField(max_length=80)
    # For one-off messages: the template name and its (JSON) context. Scheduled kinds keep only
    # the ids their builder needs here.
    template = models.CharField(max_length=80, blank=True)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Earliest moment the next attempt may run (set on transient failures); the sweeper
    # re-queues pending rows whose moment has passed without anyone picking them up.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        constraints = [
            # The exactly-once key: a second row for the same thing cannot exist.
            models.UniqueConstraint(
                fields=["recipient", "kind", "period"],
                condition=Q(recipient__isnull=False),
                name="delivery_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["to", "kind", "period"],
                condition=Q(recipient__isnull=True),
                name="delivery_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(to=""),
                name="delivery_has_an_address",
            ),
        ]
        indexes = [
            # Serves the sweeper: rows left pending or stuck mid-send, oldest first.
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} to {self.to or self.recipient}"
