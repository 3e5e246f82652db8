"""What a participant and their instructors said to each other, read for the pages that show it.

Two kinds of thread: an instructor's comment on a shared entry (InstructorComment, replies
under it) and an instructor's private message (a Message that starts a thread, replies under
it). Every read here is scoped to one enrolment, or to the signed-in participant, and costs a
fixed number of queries however long the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from course.models import Enrolment
from homework.models import InstructorComment, Message

NEW_SHOWN = 5



def still_shared(prefix: str = "") -> Q:
    """A comment (reached through `prefix`) whose entry is still shared: one on an entry made
    private again is left out everywhere, as on the week page, and so are the replies under it."""
    return (
        ~Q(**{f"{prefix}practice_log__shared_with_instructors": False})
        & ~Q(**{f"{prefix}calendar_entry__shared_with_instructors": False})
        & ~Q(**{f"{prefix}check_in__shared_with_instructors": False})
    )


STILL_SHARED = still_shared()
# A message that is not under a comment, or is under one that is still shared.
IN_A_SHARED_THREAD = Q(comment=None) | (Q(comment__isnull=False) & still_shared("comment__"))
ENTRY_FIELDS = ("practice_log__practice", "calendar_entry", "check_in")


def _replies() -> Prefetch[Any]:
    return Prefetch(
        "replies", queryset=Message.objects.select_related("author").order_by("created_at")
    )


def visible_comments(enrolments: Q | Enrolment) -> QuerySet[InstructorComment]:
    scope = enrolments if isinstance(enrolments, Q) else Q(enrolment=enrolments)
    return (
        InstructorComment.objects.filter(scope)
        .filter(STILL_SHARED)
        .select_related("author", *ENTRY_FIELDS)
    )


@dataclass
class NewForParticipant:
    """The dashboard's "new" list: comments and messages from instructors not yet read."""

    comments: list[InstructorComment] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    total: int = 0

    def __bool__(self) -> bool:
        return self.total > 0


def new_for(enrolment: Enrolment, limit: int = NEW_SHOWN) -> NewForParticipant:
    """Unread comments and instructors' messages, newest first, at most `limit` of each, and how
    many there are in all (2 queries; a count more for each list that fills its `limit`)."""
    comments = visible_comments(enrolment).filter(read_at=None).order_by("-created_at")
    messages = (
        Message.objects.filter(enrolment=enrolment, from_participant=False, read_at=None)
        .filter(IN_A_SHARED_THREAD)
        .select_related("author", "comment", "thread")
        .order_by("-created_at")
    )
    shown = NewForParticipant(list(comments[:limit]), list(messages[:limit]))
    shown.total = len(shown.comments) + len(shown.messages)
    if len(shown.comments) == limit:
        shown.total += comments.count() - limit
    if len(shown.messages) == limit:
        shown.total += messages.count() - limit
    return shown


def threads_of(participant: User) -> dict[str, list[Any]]:
    """Every thread of this participant's, newest first, with its replies (4 queries)."""
    mine = Q(enrolment__participant=participant)
    comments = list(visible_comments(mine).prefetch_related(_replies()).order_by("-created_at"))
    messages = list(
        Message.objects.filter(mine, comment=None, thread=None)
        .select_related("author")
        .prefetch_related(_replies())
        .order_by("-created_at")
    )
    return {"comment_threads": comments, "message_threads": messages}


def comment_thread(participant: User, public_id: Any) -> InstructorComment | None:
    """One comment on this participant's shared entry, with its replies; None if not theirs."""
    return (
        visible_comments(Q(enrolment__participant=participant))
        .select_related("enrolment")
        .prefetch_related(_replies())
        .filter(public_id=public_id)
        .first()
    )


def message_thread(participant: User, public_id: Any) -> Message | None:
    """The first message of one of this participant's threads, with replies; None if not theirs."""
    return (
        Message.objects.filter(
            enrolment__participant=participant, comment=None, thread=None, public_id=public_id
        )
        .select_related("author", "enrolment")
        .prefetch_related(_replies())
        .first()
    )


def message_threads_for(enrolment: Enrolment) -> list[Message]:
    """For the instructor's page of one participant: the private threads, newest first (2
    queries)."""
    return list(
        Message.objects.filter(enrolment=enrolment, comment=None, thread=None)
        .select_related("author")
        .prefetch_related(_replies())
        .order_by("-created_at")
    )


def comments_with_replies() -> Prefetch[Any]:
    """For the instructor's page: each shared entry's comments, each with its replies."""
    return Prefetch(
        "comments",
        queryset=InstructorComment.objects.select_related("author")
        .prefetch_related(_replies())
        .order_by("created_at"),
    )
