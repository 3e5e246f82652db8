"""Inviting people to a cohort, and resending or withdrawing an invitation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from course.invitations import places_left
from course.models import Invitation
from teach import actions
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.forms import InviteForm


@require_http_methods(["GET", "POST"])
@instructor_required
def invitation_list(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = InviteForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = actions.invite(cohort, request.user, form.cleaned_data["addresses"])
        if result.error:
            form.add_error("addresses", result.error)
        if result.invalid:
            form.add_error(
                "addresses", "Not e-mail addresses, so not invited: " + ", ".join(result.invalid)
            )
        if result.sent and not result.invalid:
            messages.success(request, f"Invitations sent: {len(result.sent)}.")
            return redirect("teach:invitations", cohort.public_id)
    now = timezone.now()
    rows = [(i, i.status_at(now)) for i in cohort.invitations.order_by("email")]
    return render(
        request,
        "teach/invitations.html",
        {
            "cohort": cohort,
            "form": form,
            "result": result,
            "rows": rows,
            "places_left": places_left(cohort),
        },
    )


def _invitation(request: InstructorRequest, cohort: Any, invitation: Any) -> Invitation:
    cohort = teaching_cohort(request, cohort)
    found = get_object_or_404(Invitation, cohort=cohort, public_id=invitation)
    found.cohort = cohort
    return found


@require_POST
@instructor_required
def invitation_resend(request: InstructorRequest, cohort: Any, invitation: Any) -> HttpResponse:
    found = _invitation(request, cohort, invitation)
    error = actions.resend(found, request.user)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"A new link was sent to {found.email}.")
    return redirect(reverse("teach:invitations", args=[found.cohort.public_id]))


@require_POST
@instructor_required
def invitation_revoke(request: InstructorRequest, cohort: Any, invitation: Any) -> HttpResponse:
    found = _invitation(request, cohort, invitation)
    found.revoke()
    messages.success(request, f"The invitation to {found.email} was withdrawn.")
    return redirect(reverse("teach:invitations", args=[found.cohort.public_id]))
