"""The roster, one participant's page, and comments on what they shared.

Participant data is read only through homework.progress and teach.selectors, so every page
shows the same numbers.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts import limits
from accounts.submissions import AlreadySubmitted, submitted_once
from course.calendar import COURSE_WEEKS
from course.models import Enrolment
from homework import page_cache
from homework.actions import NotShared
from homework.models import CalendarEntry, CheckIn, PracticeLog
from teach import participant_page
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


@require_GET
@instructor_required
def participant(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    # The access check first: the cached fragments below are only ever shown past it.
    enrolment = _enrolment(request, cohort, enrolment)
    cohort = enrolment.cohort
    record_page_view(request.user, enrolment)  # the participant sees it under "Your data"
    before = request.GET.get("before")
    summary, shared = participant_page.fragments(enrolment, before)
    comment_form, message_form = CommentForm(), MessageForm()
    live = {
        participant_page.COMMENT_TOKEN: comment_form.initial["submission_token"],
        participant_page.MESSAGE_TOKEN: message_form.initial["submission_token"],
    }
    return render(
        request,
        "teach/participant.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "person": enrolment.participant,
            "week": cohort.current_week(),
            "fragments": page_cache.personal(request, {**summary, **shared}, live),
            "message_form": message_form,
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
