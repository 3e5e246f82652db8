"""Questionnaires as data: instruments, their items, and what a participant answered.

An instrument (a pain rating, the PSS-10, ...) is rows, not code: its items, their response
scales and its scoring rules all live in the database, loaded from outcomes/instruments/*.json.
Licensed instruments ship without their item wording; they stay unusable (and cannot be asked at
any time point) until an operator who holds the licence loads the wording (`load_instrument`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from course.models import Cohort, Enrolment


class TimePoint(models.TextChoices):
    INTAKE = "intake", "Intake"
    BASELINE = "baseline", "Before the course"
    END_OF_COURSE = "end_of_course", "End of the course"
    FOLLOW_UP_26 = "follow_up_26", "Six months on"
    FOLLOW_UP_52 = "follow_up_52", "A year on"


class Instrument(models.Model):
    class Scoring(models.TextChoices):
        SUM = "sum", "Sum of items"
        MEAN = "mean", "Mean of items"
        NONE = "none", "Not scored (free text)"

    class Direction(models.TextChoices):
        LOWER_IS_BETTER = "lower", "Lower is better"
        HIGHER_IS_BETTER = "higher", "Higher is better"

    class ChangeRule(models.TextChoices):
        EITHER = "either", "Percent or points"
        BOTH = "both", "Percent and points"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=160)
    version = models.CharField(max_length=40, default="1")
    introduction = models.TextField(blank=True, help_text="Shown above the items: why we ask.")
    licence_note = models.TextField(blank=True)
    licensed = models.BooleanField(
        default=False,
        help_text="Item wording is copyrighted: only an operator with a licence may load it.",
    )
    usable = models.BooleanField(
        default=False,
        help_text="Set by the loaders once every item has its wording; only then can it be asked.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    time_points = models.JSONField(
        default=list, blank=True, help_text="Where it is asked: a list of time point names."
    )
    scoring = models.CharField(max_length=4, choices=Scoring, default=Scoring.SUM)
    score_min = models.SmallIntegerField(null=True, blank=True)
    score_max = models.SmallIntegerField(null=True, blank=True)
    max_missing = models.PositiveSmallIntegerField(
        default=0, help_text="Items that may go unanswered and the total still be scored."
    )
    direction = models.CharField(max_length=6, choices=Direction, default=Direction.LOWER_IS_BETTER)
    change_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Meaningful improvement: at least this % of baseline."
    )
    change_points = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Meaningful improvement: at least this many points.",
    )
    change_rule = models.CharField(max_length=6, choices=ChangeRule, default=ChangeRule.EITHER)

    class Meta:
        ordering = ["position", "slug"]
        constraints = [
            # What cannot be answered cannot be asked.
            models.CheckConstraint(
                condition=Q(usable=True) | Q(time_points=[]), name="instrument_asked_only_if_usable"
            ),
            models.CheckConstraint(
                condition=(
                    Q(scoring="none", score_min__isnull=True, score_max__isnull=True)
                    | (
                        ~Q(scoring="none")
                        & Q(score_min__isnull=False, score_max__isnull=False)
                        & Q(score_min__lt=models.F("score_max"))
                    )
                ),
                name="instrument_range_fits_scoring",
            ),
            models.CheckConstraint(
                condition=Q(change_percent__isnull=True)
                | Q(change_percent__gt=0, change_percent__lte=100),
                name="instrument_change_percent_valid",
            ),
            models.CheckConstraint(
                condition=Q(change_points__isnull=True) | Q(change_points__gt=0),
                name="instrument_change_points_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        points = self.time_points or []
        if not isinstance(points, list) or not set(points) <= set(TimePoint.values):
            raise ValidationError(
                {"time_points": f"Use names from: {', '.join(TimePoint.values)}."}
            )
        if points and not self.usable:
            raise ValidationError(
                {"time_points": "This instrument has no item wording yet and cannot be asked."}
            )

    @property
    def is_scored(self) -> bool:
        return self.scoring != self.Scoring.NONE

    @property
    def has_change_rule(self) -> bool:
        return self.change_percent is not None or self.change_points is not None

    def asked_at(self, time_point: str) -> bool:
        return self.usable and time_point in (self.time_points or [])

    def missing_wording(self) -> list[int]:
        """Positions of items still without wording (uses prefetched items when there are)."""
        return [item.position for item in self.items.all() if not item.wording.strip()]

    def assign(self, time_points: list[str]) -> None:
        """Ask this instrument at these time points; refused while any wording is missing."""
        self.time_points = list(time_points)
        self.full_clean()
        self.save(update_fields=["time_points"])


class Subscale(models.Model):
    """A named group of items scored on its own (FFMQ facets)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="subscales")
    slug = models.SlugField()
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    max_missing = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "slug"], name="subscale_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.slug}: {self.title}"


class Item(models.Model):
    class Scale(models.TextChoices):
        NUMERIC = "numeric", "Numeric rating (e.g. 0-10) with end labels"
        LIKERT = "likert", "Labelled points (Likert)"
        YES_NO = "yes_no", "Yes or no"
        TEXT = "text", "Free text"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="1 for the first item.")
    wording = models.TextField(blank=True, help_text="Blank for licensed items until loaded.")
    help_text = models.CharField(max_length=300, blank=True)
    scale = models.CharField(max_length=8, choices=Scale, default=Scale.NUMERIC)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    low_label = models.CharField(max_length=120, blank=True)
    high_label = models.CharField(max_length=120, blank=True)
    labels = models.JSONField(
        default=list, blank=True, help_text="Likert: one label per point, lowest first."
    )
    reverse_scored = models.BooleanField(default=False)
    required = models.BooleanField(
        default=True, help_text="Free-text items may be optional; scored items count as missing."
    )
    subscale = models.ForeignKey(
        Subscale, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    flag_on_yes = models.SlugField(
        max_length=40,
        blank=True,
        help_text="Yes/no items: a name raised when the answer is yes (e.g. a marker for the "
        "instructor). Never a verdict; what it means is up to the page that reads it.",
    )

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="item_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="item_position_from_one"),
            models.CheckConstraint(
                condition=(
                    Q(scale__in=["numeric", "likert"], scale_min__lt=models.F("scale_max"))
                    | Q(scale="yes_no", scale_min=0, scale_max=1)
                    | Q(
                        scale="text",
                        scale_min__isnull=True,
                        scale_max__isnull=True,
                        reverse_scored=False,
                    )
                ),
                name="item_scale_bounds",
            ),
            models.CheckConstraint(
                condition=Q(flag_on_yes="") | Q(scale="yes_no"), name="item_flag_only_yes_no"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.slug} #{self.position}"

    def clean(self) -> None:
        super().clean()
        if self.subscale is not None and self.subscale.instrument_id != self.instrument_id:
            raise ValidationError({"subscale": "Choose a subscale of the same instrument."})
        if self.scale == self.Scale.YES_NO:
            self.scale_min, self.scale_max = 0, 1
        if self.scale == self.Scale.LIKERT and self.labels and len(self.labels) != self.points:
            raise ValidationError(
                {"labels": f"Give one label for each of the {self.points} points."}
            )

    @property
    def is_scored(self) -> bool:
        return self.scale != self.Scale.TEXT

    @property
    def points(self) -> int:
        if self.scale_min is None or self.scale_max is None:
            return 0
        return self.scale_max - self.scale_min + 1

    def choices(self) -> list[tuple[int, str]]:
        """The allowed values and how each is labelled on the form."""
        if self.scale == self.Scale.YES_NO:
            return [(1, "Yes"), (0, "No")]
        if self.scale_min is None or self.scale_max is None:
            return []
        values = range(self.scale_min, self.scale_max + 1)
        if self.scale == self.Scale.LIKERT and len(self.labels) == self.points:
            return list(zip(values, self.labels, strict=True))
        return [(v, str(v)) for v in values]

    def accepts(self, value: object) -> bool:
        if self.scale == self.Scale.TEXT:
            return isinstance(value, str)
        return isinstance(value, int) and any(value == v for v, _ in self.choices())


class Response(models.Model):
    """One person's answers to one instrument at one time point: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    time_point = models.CharField(max_length=16, choices=TimePoint)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "time_point", "instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "instrument", "time_point"], name="response_once"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(time_point__in=TimePoint.values), name="response_time_point_valid"
            ),
        ]
        indexes = [
            # Serves the cohort report: every submitted response of these enrolments.
            models.Index(fields=["instrument", "time_point", "status"], name="response_report"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.instrument.slug} · {self.time_point}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def submit(self) -> None:
        self.status = self.Status.SUBMITTED
        self.submitted_at = timezone.now()
        self.save(update_fields=["status", "submitted_at", "updated_at"])


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_once"),
            # An unanswered item has no row; a row holds a number or some text, never both.
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(text=""))
                | (Q(value__isnull=True) & ~Q(text="")),
                name="answer_value_or_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value if self.value is not None else self.text[:30]}"


class CohortOutcomeSettings(models.Model):
    """Per-cohort choices about outcome questionnaires (kept here so course/ need not change)."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="outcome_settings")
    follow_up_26 = models.BooleanField(default=True, help_text="Ask again 26 weeks after class 1.")
    follow_up_52 = models.BooleanField(default=True, help_text="Ask again 52 weeks after class 1.")

    class Meta:
        verbose_name = "cohort outcome settings"
        verbose_name_plural = "cohort outcome settings"

    def __str__(self) -> str:
        return f"Outcome settings for {self.cohort}"

    @classmethod
    def for_cohort(cls, cohort: Cohort) -> CohortOutcomeSettings:
        """The saved settings, or the defaults (both follow-ups on) when none were saved."""
        found = cls.objects.filter(cohort=cohort).first()
        return found or cls(cohort=cohort)

    def asks(self, time_point: str) -> bool:
        if time_point == TimePoint.FOLLOW_UP_26:
            return self.follow_up_26
        if time_point == TimePoint.FOLLOW_UP_52:
            return self.follow_up_52
        return True


class IntakeReview(models.Model):
    """An instructor's note and decision after reading one person's intake (append-only).

    Each save is a new row, so the page can show who decided what and when. A decision (either
    one) resolves the intake's "talk before class 1" marker and its medical-advice note; it is
    a record of a conversation, and changes nothing about the enrolment by itself.
    """

    class Decision(models.TextChoices):
        NOTES_ONLY = "", "No decision yet (notes only)"
        GO_AHEAD = "go_ahead", "Discussed: go ahead"
        NOT_NOW = "not_now", "Discussed: not now"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="intake_reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intake_reviews"
    )
    decision = models.CharField(max_length=10, choices=Decision, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "-created_at", "-pk"]
        indexes = [
            # Serves the markers: "has this enrolment a decision since its intake was sent?"
            models.Index(fields=["enrolment", "created_at"], name="intakereview_enrolment"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="") | ~Q(notes=""), name="intakereview_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"Intake review of {self.enrolment} by {self.author}"

    @property
    def is_decision(self) -> bool:
        return bool(self.decision)


class CohortSupport(models.Model):
    """Where a cohort's participants turn when a practice is hard (the support page)."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="support")
    urgent_help = models.TextField(
        "urgent help",
        blank=True,
        help_text="Local crisis numbers and services for this cohort's participants, in Markdown "
        "(for example a crisis line, the emergency number, an out-of-hours doctor). Shown under "
        "“If you need help urgently”. Leave it empty to use the deployment's "
        "STILLPOINT_URGENT_HELP. Check every number yourself: Stillpoint ships none.",
    )
    contact_email = models.EmailField(
        "instructors' contact address",
        blank=True,
        help_text="Where participants can write to their instructors. Empty: the instructors' "
        "own sign-in addresses are shown.",
    )

    class Meta:
        verbose_name = "cohort support"
        verbose_name_plural = "cohort support"

    def __str__(self) -> str:
        return f"Support for {self.cohort}"
