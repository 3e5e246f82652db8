"""CSV exports of a cohort, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from accounts.models import AccessRecord
from teach import export
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.audit import record_export


def _csv_response(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@instructor_required
def export_weeks(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    record_export(request.user, cohort, AccessRecord.What.EXPORT_WEEKS)
    today = cohort.local_today()
    return _csv_response(export.week_lines(cohort), export.filename(cohort, "weeks", today))


@require_GET
@instructor_required
def export_entries(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    record_export(request.user, cohort, AccessRecord.What.EXPORT_ENTRIES)
    today = cohort.local_today()
    return _csv_response(export.entry_lines(cohort), export.filename(cohort, "practice", today))
