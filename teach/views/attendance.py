"""Taking attendance at one class session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
    form = AttendanceForm(request.POST or None, enrolments=enrolments, current=current)
    if request.method == "POST" and form.is_valid():
        actions.record_attendance(session, form.marks(), request.user)
        messages.success(request, f"Attendance for {session.label} saved.")
        return redirect("teach:roster", cohort.public_id)
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
