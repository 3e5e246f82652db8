"""A questionnaire page as a Django form, built from the instruments' items.

Fields say whether their item is required (so the page says so), but cleaning treats every field
as optional, so that a half-answered page can be kept as a draft; answers that do not fit the
scale are refused in either case. Submitting then needs every required item answered, apart from
the missing items an instrument allows (see clean()).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from accounts import limits
from outcomes.models import Answer, CohortOutcomeSettings, Instrument, Item

SAVE_DRAFT = "draft"
SUBMIT = "submit"


def field_name(item: Item) -> str:
    return f"item_{item.pk}"


def _scale_message(item: Item) -> str:
    if item.scale == Item.Scale.YES_NO:
        return "Choose yes or no."
    return f"Choose one of the answers from {item.scale_min} to {item.scale_max}."


def _anchors(item: Item) -> str:
    if item.scale == Item.Scale.NUMERIC and (item.low_label or item.high_label):
        return f"{item.scale_min} = {item.low_label}, {item.scale_max} = {item.high_label}"
    return item.help_text


def item_field(item: Item) -> forms.Field:
    label = item.wording or f"Question {item.position}"
    if item.scale == Item.Scale.TEXT:
        return forms.CharField(
            label=label,
            required=item.required,
            help_text=item.help_text,
            max_length=limits.ANSWER,
            widget=forms.Textarea(attrs={"rows": 4}),
            strip=True,
        )
    message = _scale_message(item)
    return forms.TypedChoiceField(
        label=label,
        choices=item.choices(),
        coerce=int,
        empty_value=None,
        required=item.required,
        help_text=_anchors(item),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": message},
    )


class QuestionnaireForm(forms.Form):
    """The page's two buttons post `action` = SAVE_DRAFT or SUBMIT."""

    def __init__(
        self,
        *args: Any,
        instruments: Sequence[Instrument],
        answers: Sequence[Answer] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instruments = list(instruments)
        saved = {a.item_id: (a.text if a.value is None else a.value) for a in answers}
        self.items: dict[str, Item] = {}
        for instrument in self.instruments:
            for item in instrument.items.all():
                name = field_name(item)
                self.fields[name] = item_field(item)
                self.items[name] = item
                if item.pk in saved:
                    self.initial[name] = saved[item.pk]

    def sections(self) -> list[tuple[Instrument, list[forms.BoundField]]]:
        """The bound fields grouped by instrument, in page order, for the template."""
        return [
            (instrument, [self[field_name(item)] for item in instrument.items.all()])
            for instrument in self.instruments
        ]

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == SUBMIT

    def full_clean(self) -> None:
        # Completeness is judged per instrument in clean(), with its missing-item allowance.
        shown = {name: f.required for name, f in self.fields.items()}
        for f in self.fields.values():
            f.required = False
        try:
            super().full_clean()
        finally:
            for name, required in shown.items():
                self.fields[name].required = required

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.submitting:
            return cleaned
        for instrument in self.instruments:
            unanswered = [
                name
                for item in instrument.items.all()
                if (name := field_name(item)) not in self.errors
                and cleaned.get(name) in (None, "")
                and item.required
            ]
            scored_gaps = [n for n in unanswered if self.items[n].is_scored]
            allowed = instrument.max_missing if instrument.is_scored else 0
            if len(scored_gaps) <= allowed:
                unanswered = [n for n in unanswered if not self.items[n].is_scored]
            for name in unanswered:
                self.add_error(
                    name, "Answer this question to send, or choose “Save and finish later”."
                )
        return cleaned

    def values(self) -> dict[int, int | str | None]:
        """The cleaned answers keyed by item id."""
        return {item.pk: self.cleaned_data.get(name) for name, item in self.items.items()}


class CohortOutcomeSettingsForm(forms.ModelForm):
    """For the instructor's cohort settings page (teach/): switch each follow-up on or off."""

    class Meta:
        model = CohortOutcomeSettings
        fields = ["follow_up_26", "follow_up_52"]
        labels = {
            "follow_up_26": "Ask the questionnaire again six months after class 1",
            "follow_up_52": "Ask the questionnaire again a year after class 1",
        }
