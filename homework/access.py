"""Which enrolment a signed-in participant is acting in; every participant view goes through it.

`participant_required` also works out, once per request, the participant's "today" (their own
clock, `User.local_date`) and the course week it falls in, so no page computes them twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import User
from course.calendar import course_week
from course.models import Enrolment

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Participation:
    """One participant's enrolment as seen at the start of this request."""

    enrolment: Enrolment
    today: dt.date  # on the participant's own clock
    week: int | None  # the course week `today` falls in: 0 before class 1, None after week 8

    @classmethod
    def of(cls, enrolment: Enrolment, now: dt.datetime | None = None) -> Participation:
        today = enrolment.participant.local_date(now)
        return cls(enrolment, today, course_week(enrolment.cohort, today))


def current_enrolment(user: User) -> Enrolment | None:
    """The participant's most recent active (or completed) enrolment, with its cohort loaded
    and `participant` set to `user` itself (the signed-in account is not read again)."""
    enrolment = (
        Enrolment.objects.filter(
            participant=user, status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
        )
        .select_related("cohort__curriculum")
        .order_by("status", "-cohort__start_date")
        .first()
    )
    if enrolment is not None:
        enrolment.participant = user
    return enrolment


def participation_of(request: HttpRequest) -> Participation:
    """What participant_required attached to this request."""
    return request.participation  # type: ignore[attr-defined,no-any-return]


def enrolment_of(request: HttpRequest) -> Enrolment:
    """The enrolment participant_required attached to this request."""
    return participation_of(request).enrolment


def participant_required(view: View) -> View:
    """Signed in and enrolled; the view gets `request.participation` (enrolment, today, week).

    Someone signed in without a course is sent to the home page, which explains what to do.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        enrolment = current_enrolment(request.user)  # type: ignore[arg-type]
        if enrolment is None:
            return redirect("home")
        request.participation = Participation.of(enrolment)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
