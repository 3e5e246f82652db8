"""Instructor pages, part two: roster, participant detail, attendance, announcements, export.

Scoped like part one: `teaching_cohort()` or a 404. Participant data is read only through
homework.progress and the roster module, so every page shows the same numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from course import actions, export
from course.announcements import NoRecipients, announce
from course.calendar import COURSE_WEEKS
from course.instructor_forms import AnnouncementForm, AttendanceForm, CommentForm
from course.instructor_views import (
    InstructorRequest,
    instructor_required,
    parse_public_id,
    teaching_cohort,
)
from course.models import Attendance, ClassSession, Enrolment, WeekKind
from course.roster import build_roster, classes_held, completion_label, sort_rows
from homework.comments import NotShared, add_comment
from homework.forms import participant_today
from homework.models import CalendarEntry, CheckIn, InstructorComment, PracticeLog
from homework.pages import practice_chart
from homework.progress import course_progress

WEEK_RANGE = range(1, COURSE_WEEKS + 1)


@require_GET
@instructor_required
def roster(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    rows, sort = sort_rows(build_roster(cohort), request.GET.get("sort", "name"))
    columns = [
        ("name", "Participant"),
        *((f"week{n}", f"Week {n}") for n in WEEK_RANGE),
        ("attendance", "Classes attended"),
        ("last_practice", "Last practice"),
        ("pain", "Pain trend"),
        ("stress", "Stress trend"),
        ("flags", "Flags"),
    ]
    headers = [
        {
            "key": key,
            "label": label,
            # Click once for ascending, again for descending: plain links, no JavaScript.
            "next": f"-{key}" if sort == key else key,
            "aria_sort": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key, label in columns
    ]
    sessions = cohort.sessions.filter(is_cancelled=False).order_by("starts_at")
    now = timezone.now()
    # Invitations not yet turned into a row above: who is still to join, and why not.
    waiting = [
        (invitation, invitation.status_at(now))
        for invitation in cohort.invitations.filter(accepted_at=None).order_by("email")
    ]
    return render(
        request,
        "teach/roster.html",
        {
            "cohort": cohort,
            "rows": rows,
            "headers": headers,
            "sort": sort,
            "sessions": sessions,
            "week": cohort.current_week(),
            "waiting": waiting,
        },
    )


def _enrolment(request: InstructorRequest, cohort: Any, enrolment: Any) -> Enrolment:
    cohort = teaching_cohort(request, cohort)
    return get_object_or_404(
        Enrolment.objects.select_related("participant", "cohort__curriculum"),
        cohort=cohort,
        public_id=enrolment,
    )


def _shared_entries(enrolment: Enrolment) -> list[tuple[str, Any]]:
    """Only what the participant chose to share, newest first, with comments (4 queries)."""
    comments = Prefetch(
        "comments",
        queryset=InstructorComment.objects.select_related("author").order_by("created_at"),
    )
    logs = (
        PracticeLog.objects.filter(enrolment=enrolment, shared_with_instructors=True)
        .select_related("practice")
        .prefetch_related(comments)
    )
    calendars = CalendarEntry.objects.filter(
        enrolment=enrolment, shared_with_instructors=True
    ).prefetch_related(comments)
    check_ins = CheckIn.objects.filter(
        enrolment=enrolment, shared_with_instructors=True
    ).prefetch_related(comments)
    entries: list[tuple[str, dt.date, PracticeLog | CalendarEntry | CheckIn]]
    entries = [("log", e.practised_on, e) for e in logs]
    entries += [("cal", e.occurred_on, e) for e in calendars]
    entries += [("chk", e.day, e) for e in check_ins]
    entries.sort(key=lambda item: item[1], reverse=True)
    return [(kind, entry) for kind, _, entry in entries]


@require_GET
@instructor_required
def participant(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    enrolment = _enrolment(request, cohort, enrolment)
    cohort = enrolment.cohort
    progress = course_progress([enrolment])[enrolment.pk]
    weeks = [progress.weeks[n] for n in WEEK_RANGE]
    counts = actions.attended_counts([enrolment.pk])[enrolment.pk]
    marks = dict(Attendance.objects.filter(enrolment=enrolment).values_list("session_id", "status"))
    sessions = [(s, marks.get(s.pk)) for s in cohort.sessions.order_by("starts_at")]
    return render(
        request,
        "teach/participant.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "person": enrolment.participant,
            "weeks": weeks,
            "week": cohort.current_week(),
            "counts": counts,
            "completion": completion_label(cohort, counts, classes_held(cohort)),
            "sessions": sessions,
            "entries": _shared_entries(enrolment),
            "comment_form": CommentForm(),
            # Drawn up to the participant's own today, as on their progress page.
            **practice_chart(enrolment, participant_today(enrolment), progress.weeks),
        },
    )


ENTRY_MODELS: dict[str, type[PracticeLog | CalendarEntry | CheckIn]] = {
    "log": PracticeLog,
    "cal": CalendarEntry,
    "chk": CheckIn,
}


@require_POST
@instructor_required
def comment(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    enrolment = _enrolment(request, cohort, enrolment)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A comment needs some text (at most 1,000 characters).")
        return redirect("teach:participant", enrolment.cohort.public_id, enrolment.public_id)
    kind, _, public_id = form.cleaned_data["entry"].partition(":")
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    entry = cast(
        "PracticeLog | CalendarEntry | CheckIn",
        get_object_or_404(
            model._default_manager.select_related("enrolment__cohort"),
            enrolment=enrolment,
            public_id=parse_public_id(public_id),
        ),
    )
    try:
        add_comment(entry, request.user, form.cleaned_data["text"])
    except NotShared as error:
        # A private entry is treated as absent, exactly as if it did not exist.
        raise Http404 from error
    messages.success(request, "Comment saved; the participant sees it on their week page.")
    return redirect("teach:participant", enrolment.cohort.public_id, enrolment.public_id)


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


@require_http_methods(["GET", "POST"])
@instructor_required
def announcements(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent_one = announce(
                cohort,
                request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                audience_choice=form.cleaned_data["audience"],
            )
        except NoRecipients:
            form.add_error("audience", "Nobody would receive this: no participant matches.")
        else:
            count = sent_one.recipients.count()
            messages.success(request, f"Announcement sent to {count} participant(s).")
            return redirect("teach:announcements", cohort.public_id)
    sent = cohort.announcements.select_related("author").annotate(
        recipient_count=Count("recipients")
    )
    return render(
        request, "teach/announcements.html", {"cohort": cohort, "form": form, "sent": sent}
    )


def _csv_response(rows: Any, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@instructor_required
def export_weeks(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    stamp = timezone.localdate().isoformat()
    return _csv_response(export.week_rows(cohort), f"cohort-{cohort.public_id}-weeks-{stamp}.csv")


@require_GET
@instructor_required
def export_entries(request: InstructorRequest, cohort: Any) -> StreamingHttpResponse:
    cohort = teaching_cohort(request, cohort)
    stamp = timezone.localdate().isoformat()
    return _csv_response(
        export.entry_rows(cohort), f"cohort-{cohort.public_id}-practice-{stamp}.csv"
    )
