"""Display helpers for the instructor pages: signed changes ("+1.5").

Percentages use the site-wide `percent` filter (homework_tags), so "42%" reads the same
everywhere."""

from __future__ import annotations

from django import template

from homework.progress import NO_VALUE

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"+{value}" if value > 0 else str(value)
