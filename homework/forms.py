"""Participant forms. Every rule gives its message next to the field it is about."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html

from accounts import limits
from accounts.models import User
from accounts.submissions import SubmissionTokenMixin
from accounts.timezones import TimeZoneField
from accounts.widgets import DateInput
from course.models import CalendarKind, Enrolment, Practice
from homework.models import (
    CALENDAR_FIELDS,
    MAX_MINUTES_PER_ENTRY,
    MINUTES_PER_DAY,
    CalendarEntry,
    CheckIn,
    PracticeLog,
)


class EnrolmentDateMixin:
    """A date field that must be a day of this participant's course, up to their today."""

    enrolment: Enrolment
    today: dt.date

    def clean_date_in_course(
        self, value: dt.date | None, first: dt.date | None = None
    ) -> dt.date | None:
        if value is None:
            return value
        if value > self.today:
            raise forms.ValidationError(
                "That date is in the future. Choose today or an earlier day."
            )
        first = first or self.enrolment.cohort.orientation_date or self.enrolment.cohort.start_date
        if value < first:
            raise forms.ValidationError(
                f"Your course begins on {first:%-d %B %Y}; choose that day or later."
            )
        return value


def practice_choices(practices: Iterable[Practice]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The practice list in two groups (<optgroup>s), formal practices first, informal ones
    apart, each in the curriculum's order (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {c: [] for c in Practice.Category.values}
    for p in practices:
        groups[p.category].append((p.pk, p.name))
    return [
        (Practice.Category(category).label, items) for category, items in groups.items() if items
    ]


class PracticeLogForm(EnrolmentDateMixin, forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PracticeLog
        fields = [
            "practice",
            "minutes",
            "practised_on",
            "guided",
            "note",
            "shared_with_instructors",
        ]
        labels = {
            "practised_on": "Date",
            "guided": "Guided (with a recording or teacher)",
            "note": "What came up (optional)",
            "shared_with_instructors": "Share this note with my instructors",
        }
        help_texts = {"minutes": f"Between 1 and {MAX_MINUTES_PER_ENTRY}.", "guided": ""}
        widgets = {
            "practised_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.NumberInput(
                attrs={"min": 1, "max": MAX_MINUTES_PER_ENTRY, "inputmode": "numeric"}
            ),
        }

    def __init__(
        self,
        *args: Any,
        enrolment: Enrolment,
        today: dt.date | None = None,
        practices: Iterable[Practice] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        # The request's "today" (homework.access.Participation), else the participant's own.
        self.today = today or enrolment.participant.local_date()
        practice = cast(forms.ModelChoiceField, self.fields["practice"])
        practice.queryset = Practice.objects.all()
        practice.empty_label = None
        # The options from `practices` when the caller has them (the dashboard keeps them in the
        # cache); a submitted choice is still checked against the database's practices.
        practice.choices = practice_choices(practice.queryset if practices is None else practices)
        # One message of our own for every out-of-range value (see clean_minutes).
        self.fields["minutes"].validators = []
        self.fields["minutes"].error_messages["required"] = "Enter how many minutes you practised."
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("practised_on", self.today)
            self.initial.setdefault(
                "shared_with_instructors", enrolment.participant.share_by_default
            )
            self.initial.setdefault("submission_token", uuid.uuid4())
            # Asked, not assumed: ticked only where we know (after playing a recording).
            self.initial.setdefault("guided", False)
        limits.cap(self, {"note": limits.NOTE})

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not 1 <= minutes <= MAX_MINUTES_PER_ENTRY:
            raise forms.ValidationError(
                f"Enter between 1 and {MAX_MINUTES_PER_ENTRY} minutes. For a longer session, log it in two parts."
            )
        return minutes

    def clean_practised_on(self) -> dt.date | None:
        return self.clean_date_in_course(self.cleaned_data.get("practised_on"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, minutes = data.get("practised_on"), data.get("minutes")
        if day and minutes:
            others = PracticeLog.objects.filter(enrolment=self.enrolment, practised_on=day)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            logged = others.aggregate(total=Sum("minutes"))["total"] or 0
            if logged + minutes > MINUTES_PER_DAY:
                self.add_error(
                    "minutes",
                    f"A day has 1,440 minutes and you have already logged {logged} on {day:%-d %B}. "
                    f"At most {MINUTES_PER_DAY - logged} more fit.",
                )
        return data


# Our own wording of the calendar prompts: what happened, whether it was noticed at the time,
# body, feelings and thoughts, and what is present now (difficult communications differ).
EVENT_LABELS: dict[str, str] = {
    CalendarKind.PLEASANT: "What was the pleasant moment?",
    CalendarKind.UNPLEASANT: "What was the unpleasant moment?",
    CalendarKind.COMMUNICATION: "Who was it with, and what was it about?",
}
PROMPTS = {
    "was_aware": "Did you notice the feeling while it was happening?",
    "body": "How did your body feel, in detail?",
    "thoughts_now": "What do you notice now, as you write this?",
    "arose": "How did the difficulty come about?",
    "wanted": "What did you want from the other person, and what did you get?",
    "other_wanted": "What did they want, and what did they get?",
    "resolution": "Is it resolved? If so, how?",
}
FEELINGS_LABELS: dict[str, str] = {
    CalendarKind.PLEASANT: "What moods, feelings and thoughts came with it?",
    CalendarKind.UNPLEASANT: "What moods, feelings and thoughts came with it?",
    CalendarKind.COMMUNICATION: "How did you feel during it and afterwards?",
}
AWARE_CHOICES = [("", "Not sure"), ("yes", "Yes"), ("no", "No, only afterwards")]


class CalendarEntryForm(EnrolmentDateMixin, forms.ModelForm):
    was_aware = forms.TypedChoiceField(
        choices=AWARE_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CalendarEntry
        fields = [
            "occurred_on",
            *sorted({f for fs in CALENDAR_FIELDS.values() for f in fs}),
            "shared_with_instructors",
        ]
        widgets = {"occurred_on": DateInput}
        labels = {
            "occurred_on": "Day",
            "shared_with_instructors": "Share this entry with my instructors",
        }

    def __init__(
        self,
        *args: Any,
        enrolment: Enrolment,
        kind: str,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment, self.kind = enrolment, kind
        self.today = today or enrolment.participant.local_date()
        keep = ["occurred_on", *CALENDAR_FIELDS[kind], "shared_with_instructors"]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)
        self.fields["event"].label = EVENT_LABELS[kind]
        self.fields["event"].error_messages["required"] = (
            "Describe what happened, even in a few words."
        )
        self.fields["feelings"].label = FEELINGS_LABELS[kind]
        for name, label in PROMPTS.items():
            if name in self.fields:
                self.fields[name].label = label
        for name in (
            "event",
            "body",
            "feelings",
            "thoughts_now",
            "arose",
            "wanted",
            "other_wanted",
            "resolution",
        ):
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 2})
        if "was_aware" in self.fields and self.instance.pk:
            self.initial["was_aware"] = {True: "yes", False: "no", None: ""}[
                self.instance.was_aware
            ]
        if not self.is_bound and self.instance.pk is None:
            # The unsaved instance contributes occurred_on=None; a new entry defaults to today.
            self.initial["occurred_on"] = self.initial.get("occurred_on") or self.today
            self.initial["shared_with_instructors"] = enrolment.participant.share_by_default
        limits.cap(self, dict.fromkeys(CALENDAR_FIELDS[kind], limits.CALENDAR_FIELD))

    def clean_occurred_on(self) -> dt.date | None:
        day = self.clean_date_in_course(self.cleaned_data.get("occurred_on"))
        if day is None:
            return day
        clash = CalendarEntry.objects.filter(
            enrolment=self.enrolment, kind=self.kind, occurred_on=day
        )
        existing = clash.exclude(pk=self.instance.pk).only("public_id").first()
        if existing is not None:
            # A link straight to the entry that clashes, so "edit it instead" is one tap away.
            raise forms.ValidationError(
                format_html(
                    'You already have an entry for that day. <a href="{}">Edit it instead</a>,'
                    " or choose another day.",
                    reverse("homework:calendar_edit", args=[existing.public_id]),
                )
            )
        return day


SCALE_CHOICES: list[tuple[int | str, str]] = [(n, str(n)) for n in range(11)]


def scale_field(
    label: str, anchors: str, what: str, *, required: bool = True
) -> forms.TypedChoiceField:
    """A 0-10 rating as eleven labelled radio buttons (large targets, no JavaScript)."""
    message = f"Choose a number from 0 to 10 for {what}" + ("." if required else ", or skip.")
    return forms.TypedChoiceField(
        choices=SCALE_CHOICES if required else [("", "Skip"), *SCALE_CHOICES],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        label=label,
        help_text=anchors,
        error_messages={"required": message, "invalid_choice": message},
    )


class CheckInForm(EnrolmentDateMixin, forms.ModelForm):
    pain = scale_field("Back pain today", "0 = no pain, 10 = worst pain imaginable", "pain")
    stress = scale_field("Stress today", "0 = no stress, 10 = worst stress imaginable", "stress")
    sleep_quality = scale_field(
        "Sleep quality last night", "0 = very poor, 10 = excellent", "sleep", required=False
    )

    class Meta:
        model = CheckIn
        fields = ["day", "pain", "stress", "sleep_quality", "note", "shared_with_instructors"]
        widgets = {"day": DateInput, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "note": "Anything to add (optional)",
            "shared_with_instructors": "Share this note with my instructors",
        }

    def __init__(
        self, *args: Any, enrolment: Enrolment, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        # The request's "today" (homework.access.Participation), else the participant's own.
        self.today = today or enrolment.participant.local_date()
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("day", self.today)
            self.initial.setdefault(
                "shared_with_instructors", enrolment.participant.share_by_default
            )
        limits.cap(self, {"note": limits.NOTE})

    def clean_day(self) -> dt.date | None:
        # Open from the day of enrolment (so a baseline week exists before class 1), never
        # later than the course's own first day, and with no end: check-ins may go on after week 8.
        joined = self.enrolment.participant.local_date(
            self.enrolment.joined_at or self.enrolment.created_at
        )
        course_first = self.enrolment.cohort.orientation_date or self.enrolment.cohort.start_date
        return self.clean_date_in_course(self.cleaned_data.get("day"), min(joined, course_first))

    def validate_unique(self) -> None:
        # One check-in a day is by design: saving a second one replaces the first (services).
        pass


class PreferencesForm(forms.ModelForm):
    time_zone = TimeZoneField(help_text="Your days, weeks and reminder times follow this.")

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "share_by_default"]
        labels = {
            "display_name": "Your name",
            "share_by_default": "Share new notes and calendar entries with my instructors",
        }
        help_texts = {
            "display_name": "How instructors and e-mails address you.",
            "share_by_default": "You can still change this on each entry.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.instance
        # Sharing is about a participant's own entries: an instructor taking no course part
        # has none (their stored choice is kept, just not offered).
        if user.pk and user.is_instructor and not user.enrolments.exists():
            del self.fields["share_by_default"]


class TimerForm(forms.Form):
    """A plain meditation timer: its length and how often a bell rings in between."""

    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=60,
        initial=10,
        help_text="Between 1 and 60.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter a length between 1 and 60 minutes.",
            "min_value": "Enter a length between 1 and 60 minutes.",
            "max_value": "Enter a length between 1 and 60 minutes.",
            "invalid": "Enter a length between 1 and 60 minutes.",
        },
    )
    interval = forms.TypedChoiceField(
        label="Interval bell",
        choices=[
            (0, "None"),
            (5, "Every 5 minutes"),
            (10, "Every 10 minutes"),
            (15, "Every 15 minutes"),
        ],
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose none, or every 5, 10 or 15 minutes."},
    )


class ReplyForm(SubmissionTokenMixin, forms.Form):
    """A reply in a conversation with the instructors (a comment's or a message's thread)."""

    text = forms.CharField(
        label="Your reply",
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only your cohort's instructors read it.",
    )
