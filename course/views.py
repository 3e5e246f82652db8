from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from course.models import Cohort, Enrolment


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where everyone lands after signing in: the cohorts they take part in or teach."""
    enrolments = (
        Enrolment.objects.filter(participant=request.user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort__curriculum")
        .order_by("-cohort__start_date")
    )
    teaching = Cohort.objects.filter(instructors=request.user).select_related("curriculum")
    return render(
        request,
        "course/home.html",
        {"enrolments": enrolments, "teaching": teaching},
    )
