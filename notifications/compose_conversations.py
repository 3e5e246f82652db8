"""What comment and message e-mails say (compose stage), and what they need loaded.

`load_conversations` is called by batch.load_batch for the whole batch (at most three queries);
the builders, registered in compose.BUILDERS, then work without querying. Just before sending
they ask again whether the message is still wanted: the comment may be gone, its entry made
private again, or the participant may already have read it on the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.urls import reverse

from course.models import Cohort, Enrolment
from homework.models import InstructorComment, Message
from notifications.emails import absolute_url
from notifications.models import Delivery, Kind

Built = tuple[str, dict[str, Any], list[tuple[str, bytes | str, str]]] | str

WHY = (
    "You get this because an instructor of your course wrote to you on Stillpoint. "
    "Only you and your cohort's instructors can read it."
)


REPLY_WHY = (
    "You get this because you teach this cohort and a participant replied to you on Stillpoint."
)


@dataclass
class Conversations:
    comments: dict[str, InstructorComment] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    # Cohort id -> its instructors' ids, for the cohorts of the replies in the batch.
    teachers: dict[int, set[int]] = field(default_factory=dict)


class Batch(Protocol):
    """What the builders read of notifications.batch.Batch (which imports this module)."""

    now: dt.datetime
    preview: bool
    conversations: Conversations


def load_conversations(deliveries: Sequence[Delivery]) -> Conversations:
    """The comments and messages these rows are about, by public id (no query when none)."""
    loaded = Conversations()
    comment_ids = {d.context.get("comment") for d in deliveries if d.kind == Kind.COMMENT}
    message_ids = {
        d.context.get("message") for d in deliveries if d.kind in (Kind.MESSAGE, Kind.REPLY)
    }
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
                "author",
                "enrolment__cohort",
                "enrolment__participant",
                "comment__practice_log__practice",
                "comment__calendar_entry",
                "comment__check_in",
                "thread",
            )
        }
    reply_cohorts = {m.enrolment.cohort_id for m in loaded.messages.values() if m.from_participant}
    if reply_cohorts:
        for cohort_id, user_id in Cohort.instructors.through.objects.filter(
            cohort_id__in=reply_cohorts
        ).values_list("cohort_id", "user_id"):
            loaded.teachers.setdefault(cohort_id, set()).add(user_id)
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
    if comment.enrolment.status == Enrolment.Status.WITHDRAWN:
        return "The participant has left the course."
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
    if message.enrolment.status == Enrolment.Status.WITHDRAWN:
        return "The participant has left the course."
    if message.comment is not None and not message.comment.entry.shared_with_instructors:
        # A reply under a comment whose entry was made private again goes with the comment.
        return "The entry is no longer shared."
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


def build_reply(delivery: Delivery, batch: Batch) -> Built:
    """A participant's reply, told to one instructor of their cohort. The reply's words stay on
    the site: the e-mail says who replied to what, and links to it."""
    reply = batch.conversations.messages.get(delivery.context.get("message", ""))
    if reply is None:
        return "The reply was deleted."
    if not reply.from_participant:
        return "Not a participant's reply."
    enrolment = reply.enrolment
    if delivery.recipient_id not in batch.conversations.teachers.get(enrolment.cohort_id, set()):
        return "No longer teaching this cohort."
    page = reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])
    if reply.comment is not None:
        anchor, about = f"#comment-{reply.comment.public_id}", entry_words(reply.comment)
    else:
        root = reply.thread or reply
        anchor, about = f"#message-{root.public_id}", ""
    return (
        "reply",
        {
            "participant_name": enrolment.participant.get_full_name(),
            "about": about,
            "cohort_title": enrolment.cohort.title,
            "thread_url": absolute_url(page + anchor),
        },
        [],
    )
