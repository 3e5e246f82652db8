"""The course: curriculum templates, practices, cohorts, class sessions and enrolments."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.timezones import validate_time_zone
from course import calendar
from course.calendar import COURSE_WEEKS


class WeekKind(models.TextChoices):
    ORIENTATION = "orientation", "Orientation"
    WEEK = "week", "Course week"
    RETREAT = "retreat", "Day of mindfulness"


class CalendarKind(models.TextChoices):
    PLEASANT = "pleasant", "Pleasant events calendar"
    UNPLEASANT = "unpleasant", "Unpleasant events calendar"
    COMMUNICATION = "communication", "Difficult communications calendar"


def _week_range_q(prefix: str = "") -> Q:
    """Orientation is week 0; course weeks and the day of mindfulness sit in weeks 1-8."""
    kind, number = f"{prefix}kind", f"{prefix}number"
    return Q(**{kind: WeekKind.ORIENTATION, number: 0}) | (
        Q(**{f"{kind}__in": [WeekKind.WEEK, WeekKind.RETREAT]})
        & Q(**{f"{number}__gte": 1, f"{number}__lte": COURSE_WEEKS})
    )


class Practice(models.Model):
    """A meditation or movement practice that can be assigned and logged."""

    class Category(models.TextChoices):
        FORMAL = "formal", "Formal practice"
        INFORMAL = "informal", "Informal practice"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=10, choices=Category, default=Category.FORMAL)
    part_of_mbsr = models.BooleanField(
        default=True, help_text="Off for optional practices from outside MBSR."
    )
    description = models.TextField(blank=True)
    typical_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    audio = models.FileField(upload_to="practices/audio/", blank=True)
    transcript = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Curriculum(models.Model):
    """A reusable course template; cohorts are instances of it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    lineage = models.CharField(
        max_length=200, blank=True, help_text="The tradition this template follows."
    )
    is_active = models.BooleanField(default=True, help_text="Offered when creating a cohort.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "curricula"

    def __str__(self) -> str:
        return self.name


class CurriculumWeek(models.Model):
    """Orientation (week 0), course weeks 1-8, or the day of mindfulness (in the week it falls)."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="weeks")
    kind = models.CharField(max_length=12, choices=WeekKind, default=WeekKind.WEEK)
    number = models.PositiveSmallIntegerField()
    theme = models.CharField(max_length=160)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["curriculum", "number", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=_week_range_q(), name="curriculumweek_number_in_course"
            ),
            models.UniqueConstraint(
                fields=["curriculum", "kind", "number"], name="curriculumweek_unique_number"
            ),
            # One orientation and one day of mindfulness per template.
            models.UniqueConstraint(
                fields=["curriculum", "kind"],
                condition=Q(kind__in=[WeekKind.ORIENTATION, WeekKind.RETREAT]),
                name="curriculumweek_single_special",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum}: {self.label}"

    @property
    def label(self) -> str:
        if self.kind == WeekKind.WEEK:
            return f"Week {self.number}"
        return self.get_kind_display()

    @property
    def heading(self) -> str:
        """"Week 3: How perception shapes our stress", saying the label once: a theme that
        already starts with it ("Day of mindfulness", "Orientation: what the course asks of
        you") is the heading as it stands."""
        theme = self.theme.strip()
        if not theme:
            return self.label
        if theme.casefold().startswith(self.label.casefold()):
            return theme
        return f"{self.label}: {theme}"


class Reading(models.Model):
    week = models.ForeignKey(CurriculumWeek, on_delete=models.CASCADE, related_name="readings")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Markdown. In our own words.")
    link = models.URLField(blank=True)
    file = models.FileField(upload_to="readings/", blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["week", "position"]
        constraints = [
            models.UniqueConstraint(fields=["week", "position"], name="reading_unique_position"),
            models.CheckConstraint(
                condition=Q(estimated_minutes__gt=0), name="reading_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AssignmentBase(models.Model):
    """A formal-practice target: minutes a day on a number of days a week.

    `practice` empty means "your own mix": every formal practice counts. `also_counts` expresses
    "alternate A and B": minutes logged for any of those practices count towards this target.
    """

    position = models.PositiveSmallIntegerField(default=0)
    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    also_counts = models.ManyToManyField(Practice, blank=True, related_name="+")
    target_minutes_per_day = models.PositiveSmallIntegerField()
    target_days_per_week = models.PositiveSmallIntegerField(default=6)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def target_minutes_per_week(self) -> int:
        return self.target_minutes_per_day * self.target_days_per_week

    @property
    def label(self) -> str:
        """The practice as participants see it asked: "Body scan or lying-down mindful yoga".

        Pages, the targets page and e-mails all name a target with this. Prefetch
        `also_counts` (and select `practice`) when labelling many."""
        if self.practice is None:
            return "Your own mix of practices"
        alternates = "".join(f" or {p.name.lower()}" for p in self.also_counts.all())
        return f"{self.practice.name}{alternates}"


def _target_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(target_minutes_per_day__gt=0, target_minutes_per_day__lte=240),
            name=f"{prefix}_minutes_positive",
        ),
        models.CheckConstraint(
            condition=Q(target_days_per_week__gte=1, target_days_per_week__lte=7),
            name=f"{prefix}_days_in_week",
        ),
    ]


class PracticeAssignment(AssignmentBase):
    week = models.ForeignKey(CurriculumWeek, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        ordering = ["week", "position"]
        constraints = [
            *_target_constraints("practiceassignment"),
            models.UniqueConstraint(
                fields=["week", "position"], name="practiceassignment_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week.label}: {self.practice or 'own mix'} {self.target_minutes_per_day} min"


class InformalHomework(models.Model):
    """Informal practice for a week; `calendar` names the structured form to fill in, if any."""

    week = models.ForeignKey(CurriculumWeek, on_delete=models.CASCADE, related_name="informal")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=160)
    instructions = models.TextField(blank=True)
    calendar = models.CharField(max_length=16, choices=CalendarKind, blank=True)
    entries_expected = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["week", "position"]
        verbose_name_plural = "informal homework"
        constraints = [
            models.UniqueConstraint(fields=["week", "position"], name="informal_unique_position"),
            # A calendar needs at least one entry; at most one entry a day.
            models.CheckConstraint(
                condition=(Q(calendar="") & Q(entries_expected=0))
                | (~Q(calendar="") & Q(entries_expected__gte=1, entries_expected__lte=7)),
                name="informal_entries_fit_calendar",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """One run of a curriculum: a group of participants with dates, place and instructors."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="cohorts")
    title = models.CharField(max_length=160)
    start_date = models.DateField(help_text="The date of class 1; the class weekday follows it.")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    class_time = models.TimeField(default=dt.time(18, 30))
    class_duration_minutes = models.PositiveSmallIntegerField(default=150)
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="teaching",
        limit_choices_to={"is_instructor": True},
        blank=True,
    )
    capacity = models.PositiveSmallIntegerField(default=20)
    orientation_date = models.DateField(null=True, blank=True)
    day_of_mindfulness = models.DateField(null=True, blank=True)
    completion_threshold = models.PositiveSmallIntegerField(
        default=6, help_text="Classes (of 8) a participant must attend to complete the course."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(completion_threshold__gte=1, completion_threshold__lte=COURSE_WEEKS),
                name="cohort_threshold_in_course",
            ),
            models.CheckConstraint(
                condition=Q(class_duration_minutes__gt=0), name="cohort_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(orientation_date__isnull=True)
                | Q(orientation_date__lt=F("start_date")),
                name="cohort_orientation_before_start",
            ),
            models.CheckConstraint(
                condition=Q(day_of_mindfulness__isnull=True)
                | Q(day_of_mindfulness__gt=F("start_date")),
                name="cohort_retreat_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (
            self.start_date
            and self.day_of_mindfulness
            and not self.start_date < self.day_of_mindfulness <= calendar.course_end_date(self)
        ):
            raise ValidationError(
                {"day_of_mindfulness": "The day of mindfulness must fall within the eight weeks."}
            )
        if self.start_date and self.orientation_date and self.orientation_date >= self.start_date:
            raise ValidationError({"orientation_date": "Orientation must come before class 1."})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def class_weekday(self) -> int:
        """0 = Monday. Derived from the start date so the two can never disagree."""
        return self.start_date.weekday()

    @property
    def end_date(self) -> dt.date:
        return calendar.course_end_date(self)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        return calendar.local_date(self, now or timezone.now())

    def week_on(self, local_date: dt.date) -> int | None:
        return calendar.course_week(self, local_date)

    def current_week(self, now: dt.datetime | None = None) -> int | None:
        return calendar.course_week(self, self.local_today(now))


class CohortAssignment(AssignmentBase):
    """The cohort's own copy of a weekly target, editable without touching the template."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    week = models.PositiveSmallIntegerField()
    copied_from = models.ForeignKey(
        PracticeAssignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["cohort", "week", "position"]
        constraints = [
            *_target_constraints("cohortassignment"),
            models.CheckConstraint(
                condition=Q(week__gte=1, week__lte=COURSE_WEEKS),
                name="cohortassignment_week_in_course",
            ),
            models.UniqueConstraint(
                fields=["cohort", "week", "position"], name="cohortassignment_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} week {self.week}: {self.practice or 'own mix'}"


class ClassSession(models.Model):
    """A meeting of the cohort: orientation, one of the eight classes, or the day of mindfulness."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=12, choices=WeekKind, default=WeekKind.WEEK)
    number = models.PositiveSmallIntegerField(help_text="0 for orientation, else the course week.")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=150)
    location = models.CharField(max_length=200, blank=True, help_text="Empty: the cohort's.")
    video_link = models.URLField(blank=True, help_text="Empty: the cohort's.")
    is_cancelled = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    # Raised each time the class moves or is cancelled (or restored), so calendars replace the
    # entry they hold (RFC 5545 SEQUENCE) and a changed class gets its reminders anew.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            # A session belongs to exactly one cohort and to a week inside that cohort's course.
            models.CheckConstraint(condition=_week_range_q(), name="classsession_number_in_course"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="classsession_duration_positive"
            ),
            models.UniqueConstraint(
                fields=["cohort", "kind", "number"], name="classsession_unique_per_week"
            ),
        ]
        indexes = [
            # Serves "the next class of these cohorts" and the class-reminder scan.
            models.Index(fields=["cohort", "starts_at"], name="classsession_cohort_start"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.label}"

    @property
    def label(self) -> str:
        if self.kind == WeekKind.WEEK:
            return f"Class {self.number}"
        return self.get_kind_display()

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def period_key(self) -> str:
        """What the ledger keys this class's reminders and digests on: a moved or cancelled
        class is a new occasion, with messages of its own."""
        base = f"session:{self.public_id}"
        return base if self.sequence == 0 else f"{base}:v{self.sequence}"

    @property
    def place(self) -> str:
        return self.location or self.cohort.location

    @property
    def link(self) -> str:
        return self.video_link or self.cohort.video_link


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def in_course(self) -> EnrolmentQuerySet:
        """Everyone the course's e-mails go to: active, and those who completed, until the
        course ends (completion is recorded at class 8, a week before the course is over)."""
        return self.filter(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED])

    def on_roster(self, cohort: Cohort) -> EnrolmentQuerySet:
        """Everyone an instructor works with in `cohort`: all but those who withdrew."""
        return (
            self.filter(cohort=cohort)
            .exclude(status=Enrolment.Status.WITHDRAWN)
            .select_related("participant", "cohort")
            .order_by("participant__display_name", "participant__email")
        )


class Enrolment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    joined_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "participant__email"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="enrolment_unique"),
        ]
        indexes = [
            # Serves "this person's current enrolment" on every participant page.
            models.Index(fields=["participant", "status"], name="enrolment_participant_status"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"

    def activate(self) -> None:
        self.status = self.Status.ACTIVE
        self.joined_at = self.joined_at or timezone.now()
        self.save(update_fields=["status", "joined_at"])

    def withdraw(self) -> None:
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status"])


class Attendance(models.Model):
    """Whether one participant came to one class session (recorded by an instructor)."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        ABSENT = "absent", "Absent"
        EXCUSED = "excused", "Excused"

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=8, choices=Status)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
        ]
        indexes = [
            # Serves the roster's attendance totals: every mark of these enrolments.
            models.Index(fields=["enrolment", "status"], name="attendance_enrolment_status"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.status} at {self.session}"


class Announcement(models.Model):
    """A message from an instructor to the cohort (or to the participants flagged on the roster)."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone in the cohort"
        FLAGGED = "flagged", "Only participants with a flag on the roster"
        CHOSEN = "chosen", "Only the participants I choose"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(max_length=10, choices=Audience, default=Audience.EVERYONE)
    subject = models.CharField(max_length=160)
    body = models.TextField()
    # Who it went to, fixed when it was sent: flags change, the audience of a sent message not.
    recipients = models.ManyToManyField(Enrolment, related_name="announcements", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def dismiss_for(self, enrolment: Enrolment) -> None:
        """Take it off this recipient's dashboard (it stays on their announcements page).
        Dismissing twice is dismissing once."""
        AnnouncementDismissal.objects.get_or_create(announcement=self, enrolment=enrolment)


class AnnouncementDismissal(models.Model):
    """A recipient has read an announcement and put it away: one row per (announcement,
    recipient); the dashboard leaves dismissed ones out."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="dismissals"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="dismissed_announcements"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Also the index behind the dashboard's "not dismissed by this enrolment" check.
            models.UniqueConstraint(
                fields=["enrolment", "announcement"], name="announcement_dismissed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} dismissed {self.announcement}"


class Invitation(models.Model):
    """An instructor's invitation for one e-mail address to join one cohort.

    The link in the e-mail carries a signed, timestamped token (see course/invitations.py),
    not a stored secret. `send_count` is part of what is signed, so resending retires the older
    link; `accepted_at` makes the link single-use; `revoked_at` withdraws it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(default=timezone.now)
    send_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from accounts (migration
        # course 0003): invitations belong with enrolment, the data stayed where it was.
        db_table = "accounts_invitation"
        ordering = ["cohort", "email"]
        constraints = [
            # One invitation per address per cohort: inviting again means resending.
            models.UniqueConstraint("cohort", Lower("email"), name="invitation_once_per_cohort"),
        ]
        indexes = [
            # Serves the per-instructor rate limit: sends by this instructor since a time.
            models.Index(fields=["invited_by", "last_sent_at"], name="invitation_sender_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.cohort_id}"

    @property
    def expires_at(self) -> dt.datetime:
        return self.last_sent_at + dt.timedelta(days=settings.INVITATION_VALID_DAYS)

    def status_at(self, now: dt.datetime | None = None) -> Invitation.Status:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def status(self) -> Invitation.Status:
        return self.status_at()

    def revoke(self) -> None:
        """Withdraw the link; an accepted or already withdrawn invitation is left as it is."""
        if self.accepted_at is None and self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


def _recording_path(instance: CohortRecording, filename: str) -> str:
    # The stored name never comes from the uploader: the cohort's folder and our own id, with
    # the extension of the type the content was found to be (see course.recordings).
    return f"recordings/{instance.cohort.public_id}/{instance.public_id}.{instance.extension}"


class CohortRecording(models.Model):
    """A cohort's own recording of a practice, uploaded by one of its instructors. Curriculum
    material for one cohort, so it lives with the cohort; participants hear it before the
    generated track."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="recordings")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=_recording_path)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [
            # Serves "this cohort's newest recording of this practice" on the player.
            models.Index(fields=["cohort", "practice", "-uploaded_at"], name="recording_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.practice} for {self.cohort}"
