"""The notification part of the preferences page (notifications/views.py)."""

from __future__ import annotations

import datetime as dt

from django import forms

from accounts import limits
from accounts.models import User
from accounts.widgets import DateInput, TimeInput
from notifications.models import NotificationSettings

# About a participant's own course: an instructor who takes no course part gets none of these.
PARTICIPANT_ONLY = (
    "reminder_time",
    "daily_enabled",
    "class_enabled",
    "summary_enabled",
    "announcement_enabled",
    "questionnaire_enabled",
    "paused_until",
)


def only_teaches(user: User) -> bool:
    """An instructor with no enrolment of their own: participant-only settings mean nothing to
    them (one query, for instructors only)."""
    return user.is_instructor and not user.enrolments.exists()


class NotificationSettingsForm(forms.ModelForm):
    """The reminder time, per-kind on/off and a pause. Bind it to
    `notifications.due.get_or_create_settings(user)`.

    The on/off choices need no rescheduling: the tick re-checks them when it sends. A change of
    `reminder_time` (or of the person's time zone) needs `due.reschedule(settings)`, which the
    preferences view does.
    """

    class Meta:
        model = NotificationSettings
        fields = [
            "reminder_time",
            "daily_enabled",
            "class_enabled",
            "summary_enabled",
            "announcement_enabled",
            "questionnaire_enabled",
            "conversation_enabled",
            "paused_until",
        ]
        labels = {"paused_until": "Pause reminders until (inclusive)"}
        help_texts = {
            "paused_until": "For a holiday: no daily, class or questionnaire reminders up to this date. "
            "Leave empty to keep them coming. Your log and settings are kept."
        }
        widgets = {"paused_until": DateInput(), "reminder_time": TimeInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        user = self.instance.user if self.instance.user_id else None
        # Only instructors get a digest, so only they see its switch.
        if user is not None and user.is_instructor:
            self.fields["digest_enabled"] = forms.BooleanField(
                required=False, label="Instructor digest on class mornings"
            )
            self.initial.setdefault("digest_enabled", self.instance.digest_enabled)
            if only_teaches(user):  # their stored values are kept, just not offered
                for name in PARTICIPANT_ONLY:
                    del self.fields[name]

    def clean_paused_until(self) -> dt.date | None:
        """From today (the person's own) to at most limits.PAUSE_MAX_DAYS ahead.

        Year 1 or 9999 is a typo, not a holiday, and a far date overflows the scheduling maths.
        A pause that has simply run out, sent back unchanged, is cleared rather than refused.
        """
        value = self.cleaned_data.get("paused_until")
        if value is None:
            return None
        user = self.instance.user if self.instance.user_id else None
        today = user.local_date() if user is not None else dt.date.today()  # noqa: DTZ011
        if value < today:
            if value == self.instance.paused_until:
                return None
            raise forms.ValidationError(
                "That date has passed. Choose today or a later day, or leave it empty."
            )
        latest = today + dt.timedelta(days=limits.PAUSE_MAX_DAYS)
        if value > latest:
            raise forms.ValidationError(
                f"Pauses can last up to a year: choose a day until {latest:%-d %B %Y}."
            )
        return value

    def save(self, commit: bool = True) -> NotificationSettings:
        if "digest_enabled" in self.cleaned_data:
            self.instance.digest_enabled = self.cleaned_data["digest_enabled"]
        return super().save(commit=commit)
