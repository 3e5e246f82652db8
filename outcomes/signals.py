"""Intake answers and decisions replace the person's enrolment token (course/freshness.py), so
the roster's cached row shows or drops its "Talk before class 1" marker on the next view.

Connected in OutcomesConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from course import freshness
from outcomes.models import Answer, IntakeReview, Response


def _of_enrolment(sender: Any, instance: Response | IntakeReview, **kwargs: Any) -> None:
    freshness.enrolments_changed([instance.enrolment_id])


def _answer(sender: Any, instance: Answer, **kwargs: Any) -> None:
    # Answers are written in bulk with their response, whose save follows (and bumps); this
    # covers a single answer edited on its own (the admin). Deletes are left to the response's
    # own signal: a cascade would cost a query per answer here.
    enrolment_id = Response.objects.filter(pk=instance.response_id).values_list(
        "enrolment_id", flat=True
    )
    freshness.enrolments_changed(enrolment_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_of_enrolment, sender=Response, dispatch_uid="fresh-response")
        signal.connect(_of_enrolment, sender=IntakeReview, dispatch_uid="fresh-intake-review")
    post_save.connect(_answer, sender=Answer, dispatch_uid="fresh-answer")
