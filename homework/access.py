"""Which enrolment a signed-in participant is acting in; every participant view goes through it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import User
from course.models import Enrolment

View = Callable[..., HttpResponse]


def current_enrolment(user: User) -> Enrolment | None:
    """The participant's most recent active (or completed) enrolment, with its cohort loaded."""
    return (
        Enrolment.objects.filter(
            participant=user, status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
        )
        .select_related("cohort__curriculum", "participant")
        .order_by("status", "-cohort__start_date")
        .first()
    )


def enrolment_of(request: HttpRequest) -> Enrolment:
    """The enrolment participant_required attached to this request."""
    return request.enrolment  # type: ignore[attr-defined,no-any-return]


def participant_required(view: View) -> View:
    """Signed in and enrolled; the view gets the enrolment as `request.enrolment`.

    Someone signed in without a course is sent to the home page, which explains what to do.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        enrolment = current_enrolment(request.user)  # type: ignore[arg-type]
        if enrolment is None:
            return redirect("home")
        request.enrolment = enrolment  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
