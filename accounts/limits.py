"""How much text each kind of field takes: one constant per kind, in one place.

The database columns are TextFields without a limit; these caps are enforced by the forms, so
the message sits beside the field ("Ensure this value has at most 2000 characters"). They are
generous for what each field is for (a practice note is a few sentences, an announcement a
page) and small enough that nobody pastes a novel into a column every export then carries.
The README's "Input limits" table repeats them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

# A note on a practice or a check-in: a few sentences.
NOTE = 2000
# One prompt of an informal-practice calendar (what happened, the body, feelings, thoughts…).
CALENDAR_FIELD = 2000
# An instructor's comment on something a participant shared.
COMMENT = 1000
# An announcement's body (its subject has its own column limit).
ANNOUNCEMENT = 5000
# An open answer in a questionnaire.
ANSWER = 4000

# How far ahead reminders can be paused: a long holiday, not "forever by typo".
PAUSE_MAX_DAYS = 366


def cap(form: forms.BaseForm, limits: dict[str, int]) -> None:
    """Give each named text field of `form` its cap: the validator, and `maxlength` so a
    browser stops typing there too. Fields the form does not have are skipped."""
    for name, limit in limits.items():
        field: Any = form.fields.get(name)
        if not isinstance(field, forms.CharField):
            continue
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)
