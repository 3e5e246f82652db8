"""People: one user model for participants and instructors, with e-mail as the login."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.timezones import validate_time_zone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # Logins are case-insensitive: Jane@Example.com and jane@example.com are one person.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Instructors are flagged with `is_instructor`.

    A boolean rather than a Group: it is the one role the product branches on in nearly every
    view and query, it reads plainly in code (`user.is_instructor`), costs no join, and shows as
    a single tick box in the admin. Object-level rights (which cohort) come from
    `Cohort.instructors`, not from this flag.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="How the name shows to instructors and in e-mails."
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="IANA name, e.g. Europe/London. Days, weeks and reminders follow it.",
    )
    # Preferences (the participant's own page edits these; the reminder time is
    # notifications' own, on NotificationSettings).
    share_by_default = models.BooleanField(
        default=False, help_text="New notes and calendar entries start as shared with instructors."
    )
    privacy_notice_seen_at = models.DateTimeField(null=True, blank=True)
    is_instructor = models.BooleanField(default=False, help_text="Can create and run cohorts.")
    is_staff = models.BooleanField(default=False, help_text="Can use the admin site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name()

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_date(self, instant: dt.datetime | None = None) -> dt.date:
        """The calendar date on this person's own clock at `instant` (default: now).

        Every "today" of a participant (forms, pages, reminders) comes from here.
        """
        return timezone.localtime(instant or timezone.now(), self.zone).date()


class ConsentRecord(models.Model):
    """A person's explicit consent to one version of a notice, and when they gave it.

    Health data is a special category (GDPR article 9): processing it rests on this consent, so
    we keep who agreed to which wording and when. A new version of the notice means a new row.
    """

    class Purpose(models.TextChoices):
        HEALTH_DATA = "health-data", "Processing health data for the course"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose, default=Purpose.HEALTH_DATA)
    notice_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "notice_version"], name="consent_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} agreed to {self.purpose} notice {self.notice_version}"


class AccessRecord(models.Model):
    """Someone other than the person opened or exported their data (see accounts.access_log).

    `viewer` is kept as a name too: the participant's list must still say who looked after the
    instructor's account is gone.
    """

    class What(models.TextChoices):
        PARTICIPANT_PAGE = "participant-page", "Opened your page in the cohort"
        EXPORT_WEEKS = "export-weeks", "Exported the cohort's weekly figures (CSV)"
        EXPORT_ENTRIES = "export-entries", "Exported the cohort's practice log (CSV)"
        INTAKE = "intake", "Read your intake answers"
        INTAKE_REVIEW = "intake-review", "Recorded a note or decision on your intake"

    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="accessed_by")
    viewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    viewer_name = models.CharField(max_length=254)
    what = models.CharField(max_length=20, choices=What)
    # Which cohort it was about, in words (a title), for the participant's list.
    context = models.CharField(max_length=160, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [
            # Serves "Who has looked at my data": one person's rows, newest first.
            models.Index(fields=["subject", "-at"], name="accessrecord_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_name} · {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"


class SubmittedForm(models.Model):
    """A form's one-time token, once acted on (see accounts.submissions)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    form = models.CharField(max_length=40)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submittedform_once"),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.token}"
