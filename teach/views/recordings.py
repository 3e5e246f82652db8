"""A cohort's own recordings of the practices: upload, list, remove."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from course.models import CohortRecording
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.forms import RecordingForm


@require_http_methods(["GET", "POST"])
@instructor_required
def recordings(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = RecordingForm(
        request.POST or None, request.FILES or None, cohort=cohort, uploaded_by=request.user
    )
    if request.method == "POST" and form.is_valid():
        recording = form.save()
        messages.success(request, f"Uploaded: {recording.practice.name}.")
        return redirect("teach:recordings", cohort.public_id)
    uploaded = CohortRecording.objects.filter(cohort=cohort).select_related(
        "practice", "uploaded_by"
    )
    return render(
        request,
        "teach/recordings.html",
        {"cohort": cohort, "form": form, "uploaded": uploaded},
        status=400 if form.errors else 200,
    )


@require_POST
@instructor_required
def recording_delete(request: InstructorRequest, cohort: Any, recording: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    item = get_object_or_404(CohortRecording, cohort=cohort, public_id=recording)
    item.file.delete(save=False)
    item.delete()
    messages.success(request, f"Removed the recording of {item.practice.name}.")
    return redirect("teach:recordings", cohort.public_id)
