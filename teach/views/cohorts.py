"""The teaching home and a cohort's set-up: create, edit, schedule, targets, copy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.submissions import AlreadySubmitted, submitted_once
from course import actions
from course.calendar import COURSE_WEEKS
from course.models import Attendance, ClassSession, Enrolment, WeekKind
from course.selectors import sessions_in_teaching_order
from teach import actions as teach_actions
from teach.access import InstructorRequest, instructor_required, parse_public_id, teaching_cohort
from teach.forms import (
    AddSessionForm,
    AttendanceForm,
    CloneForm,
    CohortForm,
    SessionForm,
    TargetFormSet,
)
from teach.selectors import cohort_summaries


@require_GET
@instructor_required
def home(request: InstructorRequest) -> HttpResponse:
    """The instructor's cohorts by phase, each with its headline figures."""
    phases = cohort_summaries(request.user, timezone.now())
    return render(request, "teach/home.html", {"phases": phases, "weeks": COURSE_WEEKS})


@require_http_methods(["GET", "POST"])
@instructor_required
def cohort_create(request: InstructorRequest) -> HttpResponse:
    # Most teachers run cohorts where they live: start from their own zone.
    form = CohortForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("submission_token", None)
        try:
            with submitted_once(request.user, token, "cohort"):
                cohort = actions.create_cohort(
                    curriculum=data.pop("curriculum"),
                    title=data.pop("title"),
                    start_date=data.pop("start_date"),
                    time_zone=data.pop("time_zone"),
                    instructors=[request.user],
                    **data,
                )
        except AlreadySubmitted:
            messages.info(request, "This cohort was already created; here are your cohorts.")
            return redirect("teach:home")
        messages.success(request, "Cohort created with its sessions and weekly targets.")
        return redirect("teach:roster", cohort.public_id)
    return render(request, "teach/cohort_form.html", {"form": form, "cohort": None})


@require_http_methods(["GET", "POST"])
@instructor_required
def cohort_edit(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_cohort(form.instance, form.changed_data)
        except actions.ScheduleLocked as locked:
            form.add_error("start_date", str(locked))
        else:
            messages.success(request, "Cohort saved.")
            return redirect("teach:roster", cohort.public_id)
    return render(request, "teach/cohort_form.html", {"form": form, "cohort": cohort})


@require_http_methods(["GET", "POST"])
@instructor_required
def schedule(request: InstructorRequest, cohort: Any) -> HttpResponse:
    """Every session with its own small form: move it, or cancel it; and a form to add an
    orientation or day of mindfulness the cohort is missing."""
    cohort = teaching_cohort(request, cohort)
    order = sessions_in_teaching_order(cohort)
    sessions = [*([order.next] if order.next else []), *order.later, *order.earlier]
    forms = {s.pk: SessionForm.for_session(s) for s in sessions}
    planned = {s.kind for s in sessions}
    missing = [
        (k.value, k.label) for k in (WeekKind.ORIENTATION, WeekKind.RETREAT) if k not in planned
    ]
    add_form = AddSessionForm(cohort=cohort, missing=missing) if missing else None
    if request.method == "POST" and "add-kind" in request.POST and not missing:
        return HttpResponseBadRequest(
            "This cohort already has its orientation and day of mindfulness."
        )
    if request.method == "POST" and "add-kind" in request.POST:
        add_form = AddSessionForm(request.POST, cohort=cohort, missing=missing)
        if add_form.is_valid():
            added = actions.add_session(
                cohort,
                add_form.cleaned_data["kind"],
                add_form.cleaned_data["day"],
                add_form.cleaned_data["at"],
            )
            messages.success(request, f"{added.label} added to the schedule.")
            return redirect("teach:schedule", cohort.public_id)
    elif request.method == "POST":
        session = get_object_or_404(
            ClassSession, cohort=cohort, public_id=parse_public_id(request.POST.get("session"))
        )
        session.cohort = cohort
        form = SessionForm.for_session(session, request.POST)
        if form.is_valid():
            told = teach_actions.reschedule_and_tell(
                session,
                day=form.cleaned_data["day"],
                at=form.cleaned_data["at"],
                is_cancelled=form.cleaned_data["is_cancelled"],
                note=form.cleaned_data["note"],
            )
            sent = f" {told} participant(s) will be told of the change." if told else ""
            messages.success(request, f"{session.label} saved.{sent}")
            return redirect("teach:schedule", cohort.public_id)
        forms[session.pk] = form
    # The next session's attendance is taken right here; the others link to their own page.
    attendance_form = None
    if order.next is not None:
        enrolments = list(Enrolment.objects.on_roster(cohort))
        current = dict(
            Attendance.objects.filter(session=order.next).values_list("enrolment_id", "status")
        )
        attendance_form = AttendanceForm(enrolments=enrolments, current=current)
    return render(
        request,
        "teach/schedule.html",
        {
            "cohort": cohort,
            "next": (order.next, forms[order.next.pk]) if order.next else None,
            "later": [(s, forms[s.pk]) for s in order.later],
            "earlier": [(s, forms[s.pk]) for s in order.earlier],
            "attendance_form": attendance_form,
            "add_form": add_form,
        },
    )


@require_http_methods(["GET", "POST"])
@instructor_required
def targets(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    queryset = (
        cohort.assignments.select_related("practice")
        .prefetch_related("also_counts")
        .order_by("week", "position")
    )
    formset = TargetFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "Weekly targets saved.")
        return redirect("teach:targets", cohort.public_id)
    return render(request, "teach/targets.html", {"cohort": cohort, "formset": formset})


@require_http_methods(["GET", "POST"])
@instructor_required
def clone(request: InstructorRequest, cohort: Any) -> HttpResponse:
    source = teaching_cohort(request, cohort)
    form = CloneForm(request.POST or None, initial={"title": f"{source.title} (again)"})
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.clone_cohort(
                source,
                title=form.cleaned_data["title"],
                start_date=form.cleaned_data["start_date"],
                instructors=source.instructors.all(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("start_date", message)
        else:
            messages.success(request, "Cohort copied: check its schedule and invite people.")
            return redirect("teach:roster", new.public_id)
    return render(request, "teach/clone.html", {"cohort": source, "form": form})
