"""Forms for the instructor pages. Validation lives here or on the models, never in templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import modelformset_factory
from django.utils import timezone

from accounts import limits
from accounts.submissions import SubmissionTokenMixin
from accounts.timezones import TimeZoneField
from accounts.widgets import DateInput, TimeInput
from course import recordings
from course.calendar import COURSE_WEEKS
from course.models import (
    Announcement,
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    CohortRecording,
    Curriculum,
    Enrolment,
    Practice,
    WeekKind,
)
from outcomes.models import IntakeReview

PLAUSIBLE_YEARS = 5


def validate_plausible_date(value: dt.date) -> None:
    """Course dates near today only: far-off years are typos and overflow date arithmetic."""
    today = timezone.now().date()
    if abs((value - today).days) > 366 * PLAUSIBLE_YEARS:
        raise forms.ValidationError(
            f"Choose a date within {PLAUSIBLE_YEARS} years of today.", code="implausible_date"
        )


class CohortForm(SubmissionTokenMixin, forms.ModelForm):
    time_zone = TimeZoneField(initial="Europe/London")
    # Bounds repeated from the model's check constraints so a bad number is reported beside
    # its own field rather than as a form-wide "constraint violated".
    capacity = forms.IntegerField(min_value=1, max_value=200, initial=20)
    class_duration_minutes = forms.IntegerField(
        label="Class length (minutes)", min_value=1, max_value=600, initial=150
    )
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")

    class Meta:
        model = Cohort
        fields = [
            "curriculum",
            "title",
            "start_date",
            "time_zone",
            "class_time",
            "class_duration_minutes",
            "location",
            "video_link",
            "orientation_date",
            "day_of_mindfulness",
            "capacity",
            "completion_threshold",
        ]
        labels = {
            "start_date": "Date of class 1",
            "class_time": "Class starts at (local time)",
            "class_duration_minutes": "Class length (minutes)",
            "location": "Place",
            "video_link": "Video link",
            "orientation_date": "Orientation date",
            "day_of_mindfulness": "Day of mindfulness",
            "completion_threshold": "Classes needed to complete",
        }
        help_texts = {
            "start_date": "The weekly class falls on this weekday.",
            "orientation_date": "Empty: one week before class 1.",
            "day_of_mindfulness": "Empty: the Saturday after class 6.",
            "completion_threshold": f"Out of {COURSE_WEEKS}; 6 is common.",
        }
        widgets = {
            "start_date": DateInput(),
            "orientation_date": DateInput(),
            "day_of_mindfulness": DateInput(),
            "class_time": TimeInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        curriculum = self.fields["curriculum"]
        assert isinstance(curriculum, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        curriculum.queryset = Curriculum.objects.filter(is_active=True)
        for name in ("start_date", "orientation_date", "day_of_mindfulness"):
            self.fields[name].validators.append(validate_plausible_date)
        if self.instance.pk:
            # Targets were copied at creation and may have been edited: switching template
            # afterwards would silently discard them.
            self.fields["curriculum"].disabled = True

    def clean_completion_threshold(self) -> int:
        value = self.cleaned_data["completion_threshold"]
        if not 1 <= value <= COURSE_WEEKS:
            raise forms.ValidationError(f"Choose a number from 1 to {COURSE_WEEKS}.")
        return value


class SessionForm(forms.Form):
    day = forms.DateField(label="Date", widget=DateInput(), validators=[validate_plausible_date])
    at = forms.TimeField(label="Starts at (local time)", widget=TimeInput())
    is_cancelled = forms.BooleanField(label="Cancelled (e.g. a holiday)", required=False)
    note = forms.CharField(label="Note for participants", max_length=200, required=False)

    @classmethod
    def for_session(cls, session: ClassSession, data: Any = None) -> SessionForm:
        local = session.starts_at.astimezone(session.cohort.zone)
        return cls(
            data,
            prefix=f"s-{session.public_id}",
            initial={
                "day": local.date(),
                "at": local.time().replace(second=0, microsecond=0),
                "is_cancelled": session.is_cancelled,
                "note": session.note,
            },
        )


class AddSessionForm(forms.Form):
    """Plan a missing orientation or day of mindfulness; `missing` are the kinds it may add."""

    kind = forms.ChoiceField(label="Session")
    day = forms.DateField(label="Date", widget=DateInput(), validators=[validate_plausible_date])
    at = forms.TimeField(label="Starts at (local time)", widget=TimeInput())

    def __init__(
        self, *args: Any, cohort: Cohort, missing: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - narrows the type
        kind.choices = missing

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, kind = data.get("day"), data.get("kind")
        if day and kind == WeekKind.RETREAT and self.cohort.week_on(day) in (0, None):
            self.add_error("day", "The day of mindfulness must fall within the eight weeks.")
        if day and kind == WeekKind.ORIENTATION and day >= self.cohort.start_date:
            self.add_error("day", "Orientation must come before class 1.")
        return data


class TargetForm(forms.ModelForm):
    # The same bounds as the check constraints, so errors land on the field.
    target_minutes_per_day = forms.IntegerField(label="Minutes a day", min_value=1, max_value=240)
    target_days_per_week = forms.IntegerField(label="Days a week", min_value=1, max_value=7)

    class Meta:
        model = CohortAssignment
        fields = ["target_minutes_per_day", "target_days_per_week", "note"]


# edit_only: a tampered TOTAL_FORMS must not be able to create targets with no cohort or week.
TargetFormSet = modelformset_factory(
    CohortAssignment, form=TargetForm, extra=0, can_delete=False, edit_only=True
)


class CloneForm(forms.Form):
    title = forms.CharField(max_length=160)
    start_date = forms.DateField(
        label="Date of class 1", widget=DateInput(), validators=[validate_plausible_date]
    )


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label="E-mail addresses",
        help_text="One per line, or separated by commas.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
    )


class ParticipantChoice(forms.ModelMultipleChoiceField):
    """Checkboxes of people, labelled with their names; values are enrolments' public ids."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.participant.get_full_name())


class AnnouncementForm(SubmissionTokenMixin, forms.ModelForm):
    """Subject, message and audience; "only the participants I choose" needs at least one box
    ticked in `chosen` (the cohort's roster)."""

    chosen = ParticipantChoice(
        label="Participants to send to",
        queryset=Enrolment.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Used when “Only the participants I choose” is selected above.",
    )

    class Meta:
        model = Announcement
        fields = ["audience", "subject", "body"]
        labels = {"audience": "Send to", "body": "Message"}
        widgets = {"audience": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits.cap(self, {"body": limits.ANNOUNCEMENT})
        chosen = self.fields["chosen"]
        assert isinstance(chosen, ParticipantChoice)  # noqa: S101 - narrows the type
        chosen.queryset = Enrolment.objects.on_roster(cohort)
        # The choice of people sits right under "Send to", where it applies.
        self.order_fields(["audience", "chosen", "subject", "body"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Announcement.Audience.CHOSEN and not data.get("chosen"):
            self.add_error("chosen", "Tick at least one participant, or choose another audience.")
        return data


class CommentForm(SubmissionTokenMixin, forms.Form):
    entry = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Your comment",
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(SubmissionTokenMixin, forms.Form):
    """A private message to one participant, or a reply in one of their threads: `thread` is
    empty for a new message, "comment:<uuid>" or "message:<uuid>" for a reply."""

    thread = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Private message",
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only this participant sees it, here and by e-mail.",
    )


class AttendanceForm(forms.Form):
    """One radio group per participant: the whole roster in one form."""

    def __init__(
        self, *args: Any, enrolments: list[Enrolment], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"p-{enrolment.public_id}"] = forms.ChoiceField(
                label=enrolment.participant.get_full_name(),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.get(enrolment.pk),
            )

    def marks(self) -> dict[int, str | None]:
        """Every person on the form: their mark, or None where it was left blank."""
        return {
            enrolment.pk: self.cleaned_data.get(f"p-{enrolment.public_id}") or None
            for enrolment in self.enrolments
        }

    def rows(self) -> list[tuple[Enrolment, forms.BoundField]]:
        return [(e, self[f"p-{e.public_id}"]) for e in self.enrolments]


class RecordingForm(forms.ModelForm):
    """One recording of one practice for the cohort. The type is judged by the file's first
    bytes (course.recordings.sniff), the size by the setting; either refusal sits next to the
    file field and nothing is written."""

    class Meta:
        model = CohortRecording
        fields = ["practice", "file"]
        labels = {"file": "Recording (MP3, Ogg/Opus, M4A or WAV)"}

    def __init__(self, *args: Any, cohort: Cohort, uploaded_by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        self.instance.uploaded_by = uploaded_by
        practice = self.fields["practice"]
        practice.queryset = Practice.objects.all()  # type: ignore[attr-defined]
        practice.empty_label = None  # type: ignore[attr-defined]
        limit = recordings.max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = f"Up to {limit} MB." if limit else ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        recordings.describe(self.instance, upload, recordings.check_upload(upload))
        return upload


class IntakeReviewForm(forms.Form):
    """An instructor's notes and/or decision after reading (and talking about) an intake."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("", "No decision yet: keep the notes only"),
            (IntakeReview.Decision.GO_AHEAD, IntakeReview.Decision.GO_AHEAD.label),
            (IntakeReview.Decision.NOT_NOW, IntakeReview.Decision.NOT_NOW.label),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text="Either decision clears the “talk before class 1” marker. Neither changes the "
        "enrolment: “not now” is a record of what you agreed together.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=4000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Seen only by this cohort's instructors.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("decision") and not cleaned.get("notes") and not self.errors:
            raise forms.ValidationError("Write a note or choose a decision; nothing was saved.")
        return cleaned
