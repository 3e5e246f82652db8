"""The instructor's page about one participant: its costly parts kept in Redis as rendered markup.

With a thousand logs, most of the page's time went on the week table and chart (drawn from the
person's progress) and on the fifty shared entries with their comment threads and reply forms.
Both are fragments of homework.page_cache, the pattern of the participant's own pages, under a
key made of the enrolment's, the cohort's and the curricula's version tokens, the person's own
today and time zone, and the enrolment's identity (so a fragment names one person only):

- "summary": the classes attended, the week table, the chart and the classes (progress,
  attendance marks, classes held and the cohort's sessions), and the private message threads
  with their replies and reply forms;
- "shared", one per cursor: the page of shared entries, their comments, the replies under them
  and the forms to comment and reply; and the names it prints of the person.

Every write of a log, check-in, calendar entry, sharing or unsharing, comment, reply, message,
attendance mark, class or cohort setting replaces one of the tokens (course/freshness.py,
course/signals.py, homework/signals.py), so it shows on the next view. What varies per view stays
out of the markup: the CSRF token and the forms' submission tokens are placeholders filled by
`page_cache.personal`; the name and address above the fragments, and the new message form, are
live. The only read mark printed, a private message's own, is set by `Message.mark_read`, a save
that sends the signal (the replies' read marks, set in bulk, are not printed here).

The view checks that the instructor teaches the cohort, and records the view, before it asks
for any fragment: a fragment is only ever shown to someone allowed to see that person's page.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
from typing import Any

from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse

from course.calendar import COURSE_WEEKS
from course.models import Attendance, Enrolment
from course.rules import completion_label
from course.selectors import attended_counts, classes_planned
from homework import page_cache
from homework.access import Participation
from homework.conversations import comments_with_replies, message_threads_for
from homework.models import CalendarEntry, CheckIn, PracticeLog
from homework.progress import cached_course_progress
from homework.selectors import practice_chart
from teach.forms import CommentForm, MessageForm

# The forms' submission tokens, new on every view (letters and digits, as page_cache asks).
COMMENT_TOKEN = "commentTokenPlaceholder4e8a61d2"
MESSAGE_TOKEN = "messageTokenPlaceholder9c03b7f5"

# Every template the fragments are made of, includes too: a deploy that edits one misses every
# old fragment (page_cache versions its own pages' templates; these are the teach page's).
TEMPLATES = (
    "teach/_participant_attended.html",
    "teach/_participant_summary.html",
    "teach/_participant_messages.html",
    "teach/_participant_shared.html",
    "teach/_replies.html",
    "teach/_reply_form.html",
    "homework/_minutes_chart.html",
    "homework/_chart_axes.html",
)


@functools.cache
def _markup() -> str:
    """The fragment templates' own version (their source, hashed once per process)."""
    sources = (get_template(name).template.source for name in TEMPLATES)  # type: ignore[attr-defined]
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:12]


SHARED_PAGE = 50  # shared entries a page, newest first
KINDS = ("log", "cal", "chk")  # the order of entries of one day


def shared_entries(
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


def fragments(
    enrolment: Enrolment, before: str | None
) -> tuple[page_cache.Fragments, page_cache.Fragments]:
    """(the summary fragments, the shared entries' fragment for the `before` cursor), from the
    cache or rendered on a miss.

    Queries on a hit: none. On a miss of the summary: the progress (9, none when it is cached
    itself), attendance totals, classes held, marks, sessions and the private threads (1, and 1
    for their replies when there are some); of the shared page: the three kinds of entry and
    their comments with replies (up to 9)."""
    participation = Participation.of(enrolment)
    versions = page_cache.Versions.of(participation)
    person = enrolment.participant
    cohort = enrolment.cohort
    today = participation.today

    def summary() -> page_cache.Fragments:
        progress = cached_course_progress(enrolment, today, versions.tokens)
        counts = attended_counts([enrolment.pk])[enrolment.pk]
        marks = dict(
            Attendance.objects.filter(enrolment=enrolment).values_list("session_id", "status")
        )
        context = {
            "cohort": cohort,
            "enrolment": enrolment,
            "person": person,
            "message_threads": message_threads_for(enrolment),
            "message_form": MessageForm(initial={"submission_token": MESSAGE_TOKEN}),
            "weeks": [progress.weeks[n] for n in range(1, COURSE_WEEKS + 1)],
            "counts": counts,
            "completion": completion_label(cohort, counts, classes_planned(cohort)),
            "sessions": [(s, marks.get(s.pk)) for s in cohort.sessions.order_by("starts_at")],
            # Drawn up to the participant's own today, as on their progress page.
            **practice_chart(enrolment, today, progress),
        }
        return {
            "attended": page_cache.render("teach/_participant_attended.html", context),
            "summary": page_cache.render("teach/_participant_summary.html", context),
            "messages": page_cache.render("teach/_participant_messages.html", context),
        }

    def shared() -> page_cache.Fragments:
        entries, older = shared_entries(enrolment, before)
        context = {
            "cohort": cohort,
            "enrolment": enrolment,
            "person": person,
            "entries": entries,
            "older": older,
            "newer": before is not None,
            "page_url": reverse("teach:participant", args=[cohort.public_id, enrolment.public_id]),
            # The same for every entry's form: built once, not once per entry.
            "comment_url": reverse("teach:comment", args=[cohort.public_id, enrolment.public_id]),
            "comment_form": CommentForm(initial={"submission_token": COMMENT_TOKEN}),
            "message_form": MessageForm(initial={"submission_token": MESSAGE_TOKEN}),
        }
        return {"shared": page_cache.render("teach/_participant_shared.html", context)}

    names = (_markup(), person.get_full_name(), person.get_short_name())
    # Keyed on the cursor as read (a garbled one is the first page) and on whether one was given
    # (the link back to the newest entries), so made-up cursors do not each fill the cache.
    cursor = (_cursor(before), before is not None)
    return (
        page_cache.fragments(participation, versions, "teach-summary", names, summary),
        page_cache.fragments(participation, versions, "teach-shared", (*names, *cursor), shared),
    )
