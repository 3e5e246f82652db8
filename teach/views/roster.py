"""The roster, one participant's page, and comments on what they shared.

Participant data is read only through homework.progress and teach.selectors, so every page
shows the same numbers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts import limits
from accounts.submissions import AlreadySubmitted, submitted_once
from course.calendar import COURSE_WEEKS
from course.models import Attendance, Enrolment
from course.rules import completion_label
from course.selectors import attended_counts, classes_planned
from homework.actions import NotShared
from homework.conversations import comments_with_replies, message_threads_for
from homework.models import CalendarEntry, CheckIn, PracticeLog
from homework.progress import cached_course_progress
from homework.selectors import practice_chart
from teach.access import InstructorRequest, instructor_required, parse_public_id, teaching_cohort
from teach.actions import comment_and_tell
from teach.audit import record_page_view
from teach.forms import CommentForm, MessageForm
from teach.roster_rows import Roster, roster_lines
from teach.selectors import sort_rows

WEEK_RANGE = range(1, COURSE_WEEKS + 1)


@require_GET
@instructor_required
def roster(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    now = timezone.now()
    week = cohort.current_week(now)
    # The phone list shows one week per person: the one running, else the last one.
    phone_week = week if week else (None if week == 0 else WEEK_RANGE[-1])
    # Each person's row comes printed from the cache unless something in it changed.
    rows, sort = sort_rows(roster_lines(cohort, phone_week, now), request.GET.get("sort", "name"))
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
            "roster": Roster(rows),
            "headers": headers,
            "sort": sort,
            "week": week,
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


SHARED_PAGE = 50  # shared entries a page, newest first
KINDS = ("log", "cal", "chk")  # the order of entries of one day


def _shared_entries(
    enrolment: Enrolment, before: str | None = None
) -> tuple[list[tuple[str, Any]], str | None]:
    """Only what the participant chose to share, newest first, with comments and their
    replies, fifty at a time (9 queries): the page after the `before` cursor, and the cursor of the page after it.

    Keyset order: the entry's day (newest first), then logs, calendar entries, check-ins, then
    public id; a cursor is "day.kind.public-id" of the last entry shown. A cursor that cannot be
    read shows the first page.
    """
    cursor = _cursor(before)
    comments = comments_with_replies()
    found: list[tuple[dt.date, int, uuid.UUID, str, Any]] = []
    sources: list[tuple[str, str, Any]] = [
        (
            "log",
            "practised_on",
            PracticeLog.objects.filter(enrolment=enrolment, shared_with_instructors=True)
            .select_related("practice")
            .prefetch_related(comments),
        ),
        (
            "cal",
            "occurred_on",
            CalendarEntry.objects.filter(
                enrolment=enrolment, shared_with_instructors=True
            ).prefetch_related(comments),
        ),
        (
            "chk",
            "day",
            CheckIn.objects.filter(
                enrolment=enrolment, shared_with_instructors=True
            ).prefetch_related(comments),
        ),
    ]
    for kind, day_field, entries in sources:
        rank = KINDS.index(kind)
        if cursor is not None:
            day, after_rank, public_id = cursor
            if rank > after_rank:
                entries = entries.filter(**{f"{day_field}__lte": day})
            elif rank == after_rank:
                entries = entries.filter(
                    Q(**{f"{day_field}__lt": day})
                    | Q(**{day_field: day, "public_id__lt": public_id})
                )
            else:
                entries = entries.filter(**{f"{day_field}__lt": day})
        for entry in entries.order_by(f"-{day_field}", "-public_id")[: SHARED_PAGE + 1]:
            found.append((getattr(entry, day_field), rank, entry.public_id, kind, entry))
    # Newest day first; within a day logs, then calendars, then check-ins; then public id.
    found.sort(key=lambda item: (-item[0].toordinal(), item[1], _descending(item[2])))
    page = found[:SHARED_PAGE]
    older = None
    if len(found) > SHARED_PAGE:
        day, _, public_id, kind, _ = page[-1]
        older = f"{day.isoformat()}.{kind}.{public_id}"
    return [(kind, entry) for _, _, _, kind, entry in page], older


def _descending(public_id: uuid.UUID) -> int:
    return -public_id.int


def _cursor(value: str | None) -> tuple[dt.date, int, uuid.UUID] | None:
    if not value:
        return None
    try:
        day, kind, public_id = value.split(".")
        return dt.date.fromisoformat(day), KINDS.index(kind), uuid.UUID(public_id)
    except ValueError:
        return None


@require_GET
@instructor_required
def participant(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    enrolment = _enrolment(request, cohort, enrolment)
    cohort = enrolment.cohort
    record_page_view(request.user, enrolment)  # the participant sees it under "Your data"
    # Judged on the participant's own clock, as on their own pages.
    today = enrolment.participant.local_date()
    progress = cached_course_progress(enrolment, today)
    weeks = [progress.weeks[n] for n in WEEK_RANGE]
    counts = attended_counts([enrolment.pk])[enrolment.pk]
    marks = dict(Attendance.objects.filter(enrolment=enrolment).values_list("session_id", "status"))
    sessions = [(s, marks.get(s.pk)) for s in cohort.sessions.order_by("starts_at")]
    before = request.GET.get("before")
    entries, older = _shared_entries(enrolment, before)
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
            "completion": completion_label(cohort, counts, classes_planned(cohort)),
            "sessions": sessions,
            "entries": entries,
            "older": older,
            "newer": before is not None,
            # The same for every entry's form: built once, not once per entry.
            "comment_url": reverse("teach:comment", args=[cohort.public_id, enrolment.public_id]),
            "comment_form": CommentForm(),
            "message_threads": message_threads_for(enrolment),
            "message_form": MessageForm(),
            # Drawn up to the participant's own today, as on their progress page.
            **practice_chart(enrolment, today, progress),
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
        messages.error(
            request, f"A comment needs some text (at most {limits.COMMENT:,} characters)."
        )
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
    # One page carries one token; each entry's form makes its own from it.
    token = form.cleaned_data.get("submission_token")
    token = uuid.uuid5(token, form.cleaned_data["entry"]) if token else None
    try:
        with submitted_once(request.user, token, "comment"):
            comment_and_tell(entry, request.user, form.cleaned_data["text"])
    except AlreadySubmitted:
        messages.info(request, "That comment was already saved once.")
        return redirect("teach:participant", enrolment.cohort.public_id, enrolment.public_id)
    except NotShared as error:
        # A private entry is treated as absent, exactly as if it did not exist.
        raise Http404 from error
    messages.success(
        request, "Comment saved; the participant sees it on their home page and by e-mail."
    )
    return redirect("teach:participant", enrolment.cohort.public_id, enrolment.public_id)
