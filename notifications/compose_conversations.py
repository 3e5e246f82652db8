"""What comment and message e-mails say (compose stage), and what they need loaded.

`load_conversations` is called by batch.load_batch for the whole batch (at most two queries);
the builders, registered in compose.BUILDERS, then work without querying. Just before sending
they ask again whether the message is still wanted: the comment may be gone, its entry made
private again, or the participant may already have read it on the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from homework.models import InstructorComment, Message
from notifications.emails import absolute_url
from notifications.models import Delivery, Kind

Built = tuple[str, dict[str, Any], list[tuple[str, bytes | str, str]]] | str

WHY = (
    "You get this because an instructor of your course wrote to you on Stillpoint. "
    "Only you and your cohort's instructors can read it."
)


@dataclass
class Conversations:
    comments: dict[str, InstructorComment] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)


class Batch(Protocol):
    """What the builders read of notifications.batch.Batch (which imports this module)."""

    now: dt.datetime
    preview: bool
    conversations: Conversations


def load_conversations(deliveries: Sequence[Delivery]) -> Conversations:
    """The comments and messages these rows are about, by public id (no query when none)."""
    loaded = Conversations()
    comment_ids = {d.context.get("comment") for d in deliveries if d.kind == Kind.COMMENT}
    message_ids = {d.context.get("message") for d in deliveries if d.kind == Kind.MESSAGE}
    if comment_ids:
        loaded.comments = {
            str(c.public_id): c
            for c in InstructorComment.objects.filter(public_id__in=comment_ids).select_related(
                "author",
                "enrolment__cohort",
                "practice_log__practice",
                "calendar_entry",
                "check_in",
            )
        }
    if message_ids:
        loaded.messages = {
            str(m.public_id): m
            for m in Message.objects.filter(public_id__in=message_ids).select_related(
                "author", "enrolment__cohort", "comment", "thread"
            )
        }
    return loaded


def entry_words(comment: InstructorComment) -> str:
    """ "body scan of 3 March": what a comment is about, without the participant's own words."""
    if comment.practice_log is not None:
        log = comment.practice_log
        return f"{log.practice.name.lower()} of {log.practised_on.day} {log.practised_on:%B}"
    if comment.calendar_entry is not None:
        entry = comment.calendar_entry
        return (
            f"{entry.get_kind_display().lower()} entry of "
            f"{entry.occurred_on.day} {entry.occurred_on:%B}"
        )
    assert comment.check_in is not None  # noqa: S101 - the check constraint guarantees one
    return f"check-in of {comment.check_in.day.day} {comment.check_in.day:%B}"


def _name(user: Any) -> str:
    return user.get_full_name() if user is not None else "Your instructor"


def build_comment(delivery: Delivery, batch: Batch) -> Built:
    comment = batch.conversations.comments.get(delivery.context.get("comment", ""))
    if comment is None:
        return "The comment was deleted."
    if delivery.recipient_id != comment.enrolment.participant_id:
        return "The comment is about someone else."
    if not batch.preview:
        if not comment.entry.shared_with_instructors:
            return "The entry is no longer shared."
        if comment.read_at is not None:
            return "Already read on the site."
    return (
        "comment",
        {
            "author_name": _name(comment.author),
            "about": entry_words(comment),
            "text": comment.text,
            "cohort_title": comment.enrolment.cohort.title,
            "thread_url": absolute_url(comment.get_absolute_url()),
        },
        [],
    )


def build_message(delivery: Delivery, batch: Batch) -> Built:
    message = batch.conversations.messages.get(delivery.context.get("message", ""))
    if message is None:
        return "The message was deleted."
    if delivery.recipient_id != message.enrolment.participant_id or message.from_participant:
        return "The message is not for this person."
    if not batch.preview and message.read_at is not None:
        return "Already read on the site."
    return (
        "message",
        {
            "author_name": _name(message.author),
            "is_reply": not message.starts_thread,
            "text": message.text,
            "cohort_title": message.enrolment.cohort.title,
            "thread_url": absolute_url(message.get_absolute_url()),
        },
        [],
    )
