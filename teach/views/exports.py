"""CSV exports of a cohort, streamed."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from teach import export
from teach.access import InstructorRequest, instructor_required, teaching_cohort


def _csv_response(rows: Any, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@instructor_required
def export_weeks(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    today = cohort.local_today()
    return _csv_response(export.week_rows(cohort), export.filename(cohort, "weeks", today))


@require_GET
@instructor_required
def export_entries(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    today = cohort.local_today()
    return _csv_response(export.entry_rows(cohort), export.filename(cohort, "practice", today))
