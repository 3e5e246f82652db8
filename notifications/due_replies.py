"""Participants' replies reach their instructors by e-mail (due stage).

A participant replies on a page of homework, which may not call notifications (the apps stand in
layers), so the tick looks instead: every reply written in the last REPLY_WINDOW becomes one
ledger row per instructor of its cohort, keyed by the reply ("reply:<uuid>"), so each goes once
however many ticks see it. `due.dispatch_due` calls `dispatch` here and passes in its ledger
insert, so this module never imports due (no loop). The digest lists the week's replies too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from course.models import Cohort
from homework.models import Message
from notifications.models import Delivery, Kind

# A reply the tick missed (beat down for a while) is still worth telling for a day.
REPLY_WINDOW = dt.timedelta(days=1)


def dispatch(
    now: dt.datetime, insert_new: Callable[[str, list[Delivery], dt.datetime], list[int]]
) -> list[int]:
    """Ledger rows for the replies of the last day (2 queries, then the insert's)."""
    replies = list(
        Message.objects.filter(
            from_participant=True, created_at__gt=now - REPLY_WINDOW, created_at__lte=now
        ).values_list("public_id", "enrolment__cohort_id")
    )
    if not replies:
        return []
    teachers: dict[int, list[int]] = defaultdict(list)
    for cohort_id, user_id in Cohort.instructors.through.objects.filter(
        cohort_id__in={cohort_id for _, cohort_id in replies}
    ).values_list("cohort_id", "user_id"):
        teachers[cohort_id].append(user_id)
    rows = [
        Delivery(
            recipient_id=teacher,
            kind=Kind.REPLY,
            period=f"reply:{public_id}",
            context={"message": str(public_id)},
            next_attempt_at=now,
        )
        for public_id, cohort_id in replies
        for teacher in teachers[cohort_id]
    ]
    return insert_new(Kind.REPLY, rows, now)
