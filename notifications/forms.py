"""The notification part of the participant's preferences page (the page itself is homework's)."""

from __future__ import annotations

from django import forms

from config.widgets import DateInput
from notifications.models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    """Per-kind on/off and a pause. Bind it to `notifications.scheduling.settings_for(user)`.

    Saving it needs no rescheduling: the tick re-checks these choices when it sends. Only a
    change of `reminder_time` or `time_zone` on the user needs `reschedule_user(user)`.
    """

    class Meta:
        model = NotificationSettings
        fields = [
            "daily_enabled",
            "class_enabled",
            "summary_enabled",
            "announcement_enabled",
            "paused_until",
        ]
        labels = {"paused_until": "Pause reminders until (inclusive)"}
        help_texts = {
            "paused_until": "For a holiday: no daily or class reminders up to this date. "
            "Leave empty to keep them coming. Your log and settings are kept."
        }
        widgets = {"paused_until": DateInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        user = self.instance.user if self.instance.user_id else None
        # Only instructors get a digest, so only they see its switch.
        if user is not None and user.is_instructor:
            self.fields["digest_enabled"] = forms.BooleanField(
                required=False, label="Instructor digest on class mornings"
            )
            self.initial.setdefault("digest_enabled", self.instance.digest_enabled)

    def save(self, commit: bool = True) -> NotificationSettings:
        if "digest_enabled" in self.cleaned_data:
            self.instance.digest_enabled = self.cleaned_data["digest_enabled"]
        return super().save(commit=commit)
