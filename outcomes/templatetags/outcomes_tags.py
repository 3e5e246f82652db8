"""Template tags other apps' pages use to show outcome questionnaires without importing outcomes.

A tag rather than a context processor: it runs only on the pages that include it (the dashboard)
instead of costing its queries on every page, and homework's Python stays unaware of outcomes
(outcomes is the higher layer); the dashboard template names the tag and nothing else.
"""

from __future__ import annotations

from typing import Any

from django import template

from course.models import Enrolment
from outcomes.selectors import open_questionnaires

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
    return {"open_questionnaires": open_questionnaires(user, enrolment=enrolment)}
