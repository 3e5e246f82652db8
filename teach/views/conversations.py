"""Private messages to one participant, and instructors' replies in their threads.

The participant's page (teach.views.roster.participant) shows the threads and these forms; the
participant's side is homework.conversation_views.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts import limits
from accounts.submissions import AlreadySubmitted, submitted_once
from course.models import Enrolment
from homework.conversations import STILL_SHARED
from homework.models import InstructorComment, Message
from teach.access import InstructorRequest, instructor_required, parse_public_id, teaching_cohort
from teach.actions import message_and_tell
from teach.forms import MessageForm


def _thread(enrolment: Enrolment, value: str) -> dict[str, Any]:
    """The thread a reply goes in, as message_and_tell's keyword; {} for a new message."""
    if not value:
        return {}
    kind, _, public_id = value.partition(":")
    if kind == "comment":
        return {
            # Not under a comment whose entry was made private again: that thread is closed.
            "comment": get_object_or_404(
                InstructorComment.objects.filter(STILL_SHARED),
                enrolment=enrolment,
                public_id=parse_public_id(public_id),
            )
        }
    if kind == "message":
        return {
            "thread": get_object_or_404(
                Message,
                enrolment=enrolment,
                comment=None,
                thread=None,
                public_id=parse_public_id(public_id),
            )
        }
    raise Http404


@require_POST
@instructor_required
def message(request: InstructorRequest, cohort: Any, enrolment: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("participant"), cohort=cohort, public_id=enrolment
    )
    back = redirect("teach:participant", cohort.public_id, enrolment.public_id)
    form = MessageForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["text"].strip():
        messages.error(
            request, f"A message needs some text (at most {limits.COMMENT:,} characters)."
        )
        return back
    where = _thread(enrolment, form.cleaned_data["thread"])
    # One page carries one token; each thread's form makes its own from it.
    token = form.cleaned_data.get("submission_token")
    token = uuid.uuid5(token, form.cleaned_data["thread"] or "new") if token else None
    try:
        with submitted_once(request.user, token, "message"):
            message_and_tell(enrolment, request.user, form.cleaned_data["text"], **where)
    except AlreadySubmitted:
        messages.info(request, "That message was already sent once.")
        return back
    messages.success(
        request, f"Sent to {enrolment.participant.get_short_name()} only, here and by e-mail."
    )
    return back
