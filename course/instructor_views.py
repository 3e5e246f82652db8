"""Instructor pages, part one: home, creating and editing cohorts, schedules, targets, invitations.

Every view here goes through `teaching_cohort()`, which returns a cohort only if the signed-in
person is one of its instructors: anyone else gets a 404, so a cohort's existence never leaks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import invitations
from accounts.models import Invitation, User
from course import actions
from course.calendar import COURSE_WEEKS
from course.instructor_forms import CloneForm, CohortForm, InviteForm, SessionForm, TargetFormSet
from course.models import ClassSession, Cohort
from course.teaching import cohort_summaries

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
        cohort = actions.create_cohort(
            curriculum=data.pop("curriculum"),
            title=data.pop("title"),
            start_date=data.pop("start_date"),
            time_zone=data.pop("time_zone"),
            instructors=[request.user],
            **data,
        )
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
    """Every session with its own small form: move it, or cancel it."""
    cohort = teaching_cohort(request, cohort)
    sessions = list(cohort.sessions.select_related("cohort").order_by("starts_at"))
    forms = {s.pk: SessionForm.for_session(s) for s in sessions}
    if request.method == "POST":
        session = get_object_or_404(
            ClassSession, cohort=cohort, public_id=parse_public_id(request.POST.get("session"))
        )
        session.cohort = cohort
        form = SessionForm.for_session(session, request.POST)
        if form.is_valid():
            actions.reschedule_session(
                session,
                day=form.cleaned_data["day"],
                at=form.cleaned_data["at"],
                is_cancelled=form.cleaned_data["is_cancelled"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"{session.label} saved.")
            return redirect("teach:schedule", cohort.public_id)
        forms[session.pk] = form
    return render(
        request,
        "teach/schedule.html",
        {"cohort": cohort, "sessions": [(s, forms[s.pk]) for s in sessions]},
    )


@require_http_methods(["GET", "POST"])
@instructor_required
def targets(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    queryset = cohort.assignments.select_related("practice").order_by("week", "position")
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


# --- Invitations --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@instructor_required
def invitation_list(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = InviteForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = invitations.invite(cohort, request.user, form.cleaned_data["addresses"])
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
            "places_left": invitations.places_left(cohort),
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
    error = invitations.resend(found, request.user)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"A new link was sent to {found.email}.")
    return redirect(reverse("teach:invitations", args=[found.cohort.public_id]))


@require_POST
@instructor_required
def invitation_revoke(request: InstructorRequest, cohort: Any, invitation: Any) -> HttpResponse:
    found = _invitation(request, cohort, invitation)
    invitations.revoke(found)
    messages.success(request, f"The invitation to {found.email} was withdrawn.")
    return redirect(reverse("teach:invitations", args=[found.cohort.public_id]))
