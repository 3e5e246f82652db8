"""The outcome report, per cohort and across all of an instructor's cohorts, its CSV, and the
per-cohort switches for the follow-up questionnaires. Every page is scoped by teaching_cohort
(or the instructor's own cohorts), so anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from course.models import Cohort
from outcomes import cohort_report
from outcomes.forms import CohortOutcomeSettingsForm
from outcomes.models import CohortOutcomeSettings
from teach import export
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.outcome_export import outcome_rows


def _own_cohorts(request: InstructorRequest) -> list[Cohort]:
    return list(
        Cohort.objects.filter(instructors=request.user)
        .select_related("curriculum")
        .order_by("start_date", "pk")
    )


@require_GET
@instructor_required
def cohort_outcomes(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    settings = CohortOutcomeSettings.for_cohort(cohort)
    context = {
        "cohort": cohort,
        "report": cohort_report.build([cohort]),
        "settings_form": CohortOutcomeSettingsForm(instance=settings),
    }
    return render(request, "teach/outcomes.html", context)


@require_GET
@instructor_required
def all_outcomes(request: InstructorRequest) -> HttpResponse:
    cohorts = _own_cohorts(request)
    context = {"cohort": None, "report": cohort_report.build(cohorts)}
    return render(request, "teach/outcomes.html", context)


@require_POST
@instructor_required
def outcome_settings(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = CohortOutcomeSettingsForm(
        request.POST, instance=CohortOutcomeSettings.for_cohort(cohort)
    )
    if form.is_valid():
        form.save()
        messages.success(request, "Follow-up questionnaires saved.")
        return redirect("teach:outcomes", cohort.public_id)
    context = {"cohort": cohort, "report": cohort_report.build([cohort]), "settings_form": form}
    return render(request, "teach/outcomes.html", context, status=400)


def _csv(cohorts: list[Cohort], anonymous: bool, filename: str) -> StreamingHttpResponse:
    rows = outcome_rows(cohorts, anonymous=anonymous)
    response = StreamingHttpResponse(export.stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _what(anonymous: bool) -> str:
    return "outcomes-anonymised" if anonymous else "outcomes"


def _anonymous(request: InstructorRequest) -> bool:
    return request.GET.get("anonymous") in {"1", "yes", "on", "true"}


@require_GET
@instructor_required
def export_cohort_outcomes(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    anonymous = _anonymous(request)
    # "spring-evenings-outcomes-2026-12-02.csv": the cohort's name and its own date, not an id.
    name = export.filename(cohort, _what(anonymous), cohort.local_today())
    return _csv([cohort], anonymous, name)


@require_GET
@instructor_required
def export_all_outcomes(request: InstructorRequest) -> StreamingHttpResponse:
    anonymous = _anonymous(request)
    day = request.user.local_date().isoformat()
    return _csv(_own_cohorts(request), anonymous, f"all-cohorts-{_what(anonymous)}-{day}.csv")
