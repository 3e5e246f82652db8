"""Taking attendance at one class session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from course import actions
from course.models import Attendance, ClassSession, Enrolment, WeekKind
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.forms import AttendanceForm


@require_http_methods(["GET", "POST"])
@instructor_required
def attendance(request: InstructorRequest, cohort: Any, session: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    session = get_object_or_404(ClassSession, cohort=cohort, public_id=session)
    session.cohort = cohort
    enrolments = list(Enrolment.objects.on_roster(cohort))
    current = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    back = _back(request, cohort, session)
    form = AttendanceForm(request.POST or None, enrolments=enrolments, current=current)
    if request.method == "POST" and form.is_valid():
        marks = form.marks()
        if "rest-present" in request.POST:
            # The usual case in one press: the few who were away are ticked, the rest present.
            # Marks ticked here or already saved are kept; only people with neither are present.
            marks = {
                pk: status or current.get(pk) or Attendance.Status.PRESENT
                for pk, status in marks.items()
            }
        actions.record_attendance(session, marks, request.user)
        messages.success(request, f"Attendance for {session.label} saved.")
        return back
    return render(
        request,
        "teach/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "form": form,
            "counts_class": session.kind == WeekKind.WEEK,
        },
    )


def _back(request: InstructorRequest, cohort: Any, session: ClassSession) -> HttpResponse:
    """Where a saved form returns: the page it was on (the schedule or this session's page)."""
    if request.POST.get("return_to") == "attendance":
        return redirect("teach:attendance", cohort.public_id, session.public_id)
    return redirect(
        f"{reverse('teach:schedule', args=[cohort.public_id])}#session-{session.public_id}"
    )
