"""Display helpers for the instructor pages: a level word for a figure, signed changes.

Percentages use the site-wide `percent` filter (homework_tags), so "42%" reads the same
everywhere."""

from __future__ import annotations

from django import template

register = template.Library()

NO_VALUE = "\u2013"  # an en dash: "nothing to show"


@register.filter
def level(value: float | None) -> str:
    """A word for the cell's colour class; the number is always printed beside it."""
    if value is None:
        return "none"
    if value >= 0.8:
        return "good"
    if value >= 0.5:
        return "some"
    return "low"


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"+{value}" if value > 0 else str(value)
