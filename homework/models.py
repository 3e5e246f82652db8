"""What a participant does between classes: practice, reading, calendars and check-ins.

Every row hangs off an Enrolment, so "whose is this?" is always one join away, and every query a
page makes can be scoped by `enrolment__participant=request.user`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts import limits
from course.models import CalendarKind, Enrolment, Practice, Reading

MAX_MINUTES_PER_ENTRY = 240
MINUTES_PER_DAY = 24 * 60


class SharedEntry(models.Model):
    """Something a participant wrote that stays private unless they share it."""

    shared_with_instructors = models.BooleanField(
        default=False, help_text="Let this cohort's instructors read it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PracticeLog(SharedEntry):
    """One formal practice session, dated by the participant's own local calendar day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="practice_logs")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="logs")
    practised_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    guided = models.BooleanField(default=True, help_text="With a recording or live guidance.")
    note = models.TextField(blank=True)
    # Set once by the form that created the row; a re-sent form carries the same token and is
    # recognised instead of creating a twin.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-practised_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES_PER_ENTRY),
                name="practicelog_minutes_in_range",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "submission_token"], name="practicelog_submitted_once"
            ),
        ]
        indexes = [
            # Serves progress: every log of these enrolments between two dates.
            models.Index(fields=["enrolment", "practised_on"], name="practicelog_enrol_day"),
        ]

    def __str__(self) -> str:
        return f"{self.practice} {self.minutes} min on {self.practised_on}"


class ReadingDone(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="readings_done")
    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "reading"], name="readingdone_once"),
        ]
        verbose_name = "reading done"
        verbose_name_plural = "readings done"

    def __str__(self) -> str:
        return f"{self.enrolment} read {self.reading}"


class CalendarEntry(SharedEntry):
    """One day's entry in an informal-practice calendar.

    Pleasant and unpleasant events share five prompts (event, was_aware, body, feelings,
    thoughts_now); difficult communications use event, arose, wanted, other_wanted, feelings and
    resolution. `CALENDAR_FIELDS` says which apply to which calendar.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="calendar_entries"
    )
    kind = models.CharField(max_length=16, choices=CalendarKind)
    occurred_on = models.DateField()
    event = models.TextField()
    was_aware = models.BooleanField(null=True, blank=True)
    body = models.TextField(blank=True)
    feelings = models.TextField(blank=True)
    thoughts_now = models.TextField(blank=True)
    arose = models.TextField(blank=True)
    wanted = models.TextField(blank=True)
    other_wanted = models.TextField(blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_on"]
        verbose_name_plural = "calendar entries"
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind", "occurred_on"], name="calendarentry_one_a_day"
            ),
        ]
        indexes = [
            models.Index(fields=["enrolment", "occurred_on"], name="calendarentry_enrol_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


CALENDAR_FIELDS: dict[str, list[str]] = {
    CalendarKind.PLEASANT: ["event", "was_aware", "body", "feelings", "thoughts_now"],
    CalendarKind.UNPLEASANT: ["event", "was_aware", "body", "feelings", "thoughts_now"],
    CalendarKind.COMMUNICATION: [
        "event",
        "arose",
        "wanted",
        "other_wanted",
        "feelings",
        "resolution",
    ],
}


class CheckIn(SharedEntry):
    """Back pain and stress (and optionally sleep) for one local day; a second one replaces it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField()
    pain = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField()
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "check-in"
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="checkin_one_a_day"),
            models.CheckConstraint(
                condition=Q(pain__lte=10, stress__lte=10)
                & (Q(sleep_quality__isnull=True) | Q(sleep_quality__lte=10)),
                name="checkin_scores_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.day}: pain {self.pain}, stress {self.stress}"


class InstructorComment(models.Model):
    """A short note from an instructor on an entry the participant shared.

    Exactly one of the three entry columns is set (a check constraint says so). `enrolment` and
    `week` are copied from the entry so the participant's week page finds its comments in one
    indexed query without joining three tables.
    """

    MAX_LENGTH = limits.COMMENT

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="comments")
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    practice_log = models.ForeignKey(
        PracticeLog, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    calendar_entry = models.ForeignKey(
        CalendarEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    text = models.TextField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the participant opened it (their week page, the thread, or "mark as read"); until
    # then the dashboard shows it as new.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    practice_log__isnull=False, calendar_entry__isnull=True, check_in__isnull=True
                )
                | Q(practice_log__isnull=True, calendar_entry__isnull=False, check_in__isnull=True)
                | Q(practice_log__isnull=True, calendar_entry__isnull=True, check_in__isnull=False),
                name="comment_on_exactly_one_entry",
            ),
        ]
        indexes = [
            # Serves comments_for(enrolment, week) on the participant's week page.
            models.Index(fields=["enrolment", "week"], name="comment_enrolment_week"),
            # Serves new_for(enrolment): the dashboard's unread comments.
            models.Index(fields=["enrolment"], condition=Q(read_at=None), name="comment_unread"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.entry}"

    def get_absolute_url(self) -> str:
        """The participant's page of this comment's thread."""
        return reverse("homework:comment_thread", args=[self.public_id])

    @property
    def entry(self) -> PracticeLog | CalendarEntry | CheckIn:
        return self.practice_log or self.calendar_entry or self.check_in  # type: ignore[return-value]

    def mark_read(self, now: dt.datetime | None = None) -> None:
        if self.read_at is None:
            self.read_at = now or timezone.now()
            self.save(update_fields=["read_at"])


class Message(models.Model):
    """A private message between one participant and their cohort's instructors.

    A thread starts either with an instructor's comment (`comment` set: the replies under it) or
    with an instructor's private message (`comment` and `thread` both empty: the message is the
    thread's first post, and replies point to it through `thread`). Only that participant and
    the cohort's instructors ever see it.
    """

    MAX_LENGTH = limits.COMMENT

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # True for the participant's own words; False for an instructor's.
    from_participant = models.BooleanField(default=False)
    comment = models.ForeignKey(
        InstructorComment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the other side read it: the participant for an instructor's words. Instructors see
    # replies on the participant's page and in their digest, so theirs stays empty.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=True) | Q(thread__isnull=True),
                name="message_in_one_thread",
            ),
        ]
        indexes = [
            # Serves the inbox and the participant page: one person's messages, in order.
            models.Index(fields=["enrolment", "created_at"], name="message_enrolment_created"),
        ]

    def __str__(self) -> str:
        return f"Message {self.public_id}"

    def get_absolute_url(self) -> str:
        """The participant's page of the thread this message is in (select_related comment, thread)."""
        if self.comment is not None:
            return reverse("homework:comment_thread", args=[self.comment.public_id])
        if self.thread is not None:
            return reverse("homework:message_thread", args=[self.thread.public_id])
        return reverse("homework:message_thread", args=[self.public_id])

    @property
    def starts_thread(self) -> bool:
        return self.comment_id is None and self.thread_id is None

    @property
    def root(self) -> InstructorComment | Message:
        """What starts the thread this message is in (itself, if it starts one)."""
        return self.comment or self.thread or self

    def mark_read(self, now: dt.datetime | None = None) -> None:
        if self.read_at is None:
            self.read_at = now or timezone.now()
            self.save(update_fields=["read_at"])
