"""The cohort's intake before class 1: who has answered, who to talk to, and what was decided.

Answers are shown only to the cohort's instructors (`teaching_cohort` 404s anyone else). A
marker is a prompt for a conversation, never a verdict: nothing here changes an enrolment.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from course.models import Enrolment
from outcomes import intake
from outcomes.actions import record_intake_review
from teach import audit
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.forms import IntakeReviewForm


@require_GET
@instructor_required
def intake_list(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    enrolments = list(Enrolment.objects.on_roster(cohort).filter(status__in=intake.ANSWERING))
    states = intake.intake_states(enrolments)
    context = {
        "cohort": cohort,
        "states": states,
        "answered": sum(1 for s in states if s.is_answered),
        "to_talk": sum(1 for s in states if s.marker),
    }
    return render(request, "teach/intake.html", context)


@require_http_methods(["GET", "POST"])
@instructor_required
def intake_detail(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    found = get_object_or_404(
        Enrolment.objects.on_roster(cohort).filter(status__in=intake.ANSWERING),
        public_id=enrolment,
    )
    form = IntakeReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_intake_review(
            found,
            request.user,
            decision=form.cleaned_data["decision"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, f"Saved for {found.participant.get_full_name()}.")
        return redirect("teach:intake_detail", cohort.public_id, found.public_id)
    (state,) = intake.intake_states([found])
    audit.record_intake_view(request.user, found)
    return render(
        request, "teach/intake_detail.html", {"cohort": cohort, "state": state, "form": form}
    )
