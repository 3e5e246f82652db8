"""Who may open an instructor page, and which cohort it is about.

Every instructor view goes through `teaching_cohort()`, which returns a cohort only if the
signed-in person is one of its instructors: anyone else gets a 404, so a cohort's existence
never leaks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from accounts.models import User
from course.models import Cohort

View = Callable[..., HttpResponseBase]


class InstructorRequest(HttpRequest):
    """A request that passed `instructor_required`: the user is a signed-in User."""

    user: User


def instructor_required(view: View) -> View:
    """Signed in (else the login page) and an instructor (else 404, as for a wrong cohort)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not getattr(request.user, "is_instructor", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def teaching_cohort(request: HttpRequest, public_id: Any) -> Cohort:
    return get_object_or_404(
        Cohort.objects.select_related("curriculum"), public_id=public_id, instructors=request.user
    )


def parse_public_id(value: str | None) -> uuid.UUID:
    """A public id from form data; anything that is not a UUID is simply not found (404)."""
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Http404 from error
