"""Outcomes on pages that other apps own (the dashboard, the week and practice pages).

Those pages' contexts are built below outcomes (homework), so they cannot ask outcomes
themselves. A tag rather than a context processor: it runs only on the pages that include it,
and the template names the tag and nothing else.
"""

from __future__ import annotations

from typing import Any

from django import template

from course.models import Enrolment, Practice
from outcomes import intake, selectors

register = template.Library()


@register.inclusion_tag("outcomes/_banner.html", takes_context=True)
def open_questionnaires_banner(
    context: template.Context, enrolment: Enrolment | None = None
) -> dict[str, Any]:
    """The questionnaires the signed-in person can answer now: in `enrolment` if given (the
    dashboard's, saving a query), else in any of theirs. A fixed handful of queries."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"open_questionnaires": []}
    return {"open_questionnaires": selectors.open_questionnaires(user, enrolment=enrolment)}


@register.inclusion_tag("outcomes/_movement_notes.html")
def movement_notes(
    enrolment: Enrolment | None, week: Any = None, practice: Practice | None = None
) -> dict[str, Any]:
    """Beside yoga or walking: the sore-back page link, and the medical-advice note while open.

    `week` is a homework WeekProgress (its assignments are checked), `practice` a single one.
    No query unless a movement practice is on the page (then one).
    """
    practices: list[Practice | None] = [practice]
    for item in getattr(week, "assignments", None) or []:
        practices.append(item.assignment.practice)
        # also_counts is prefetched by the progress module when it is used at all.
        practices.extend(item.assignment.also_counts.all())
    movement = intake.is_movement(practices)
    return {
        "movement": movement,
        "medical_advice": bool(movement and enrolment and intake.needs_medical_advice(enrolment)),
    }
