"""Everything a batch of ledger rows needs to become e-mails, each table read once.

`load_batch(deliveries)` reads in a fixed number of queries whatever the batch size (progress
comes from `homework.progress`); the builders in compose.py then work without querying.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from course.calendar import COURSE_WEEKS
from course.models import ClassSession, CohortAssignment, CurriculumWeek, Enrolment, WeekKind
from course.selectors import attended_counts, latest_class_marks, weekly_classes
from homework.models import CalendarEntry, CheckIn, Message, PracticeLog
from homework.progress import WeekProgress, course_progress, last_practice_dates
from notifications.batch_questionnaires import QuestionnaireBatch
from notifications.batch_questionnaires import load_questionnaires as load_intake
from notifications.compose_conversations import Conversations, load_conversations
from notifications.compose_outcomes import load_questionnaires
from notifications.emails import absolute_url
from notifications.models import Delivery, EmailOptOut, Kind
from outcomes.selectors import Questionnaire

# The statuses of Enrolment.objects.in_course(): completers get the course's mail until it ends.
IN_COURSE = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


@dataclass
class Batch:
    """Everything a batch of rows needs, each table read once."""

    now: dt.datetime
    # A preview shows the message itself, so it skips the "is it still wanted?" checks.
    preview: bool = False
    enrolments_by_user: dict[int, list[Enrolment]] = field(default_factory=dict)
    practised: set[tuple[int, dt.date]] = field(default_factory=set)
    sessions: dict[str, ClassSession] = field(default_factory=dict)
    progress: dict[int, dict[int, WeekProgress]] = field(default_factory=dict)
    enrolments: dict[int, Enrolment] = field(default_factory=dict)
    next_weeks: dict[tuple[int, int], CurriculumWeek] = field(default_factory=dict)
    next_targets: dict[tuple[int, int], list[CohortAssignment]] = field(default_factory=dict)
    rosters: dict[int, list[Enrolment]] = field(default_factory=dict)
    # What participants shared and replied before each digest's class (see _newly_shared).
    shared: dict[int, dict[str, list[dict[str, str]]]] = field(default_factory=dict)
    attendance: dict[int, dict[str, int]] = field(default_factory=dict)
    last_practice: dict[int, dt.date] = field(default_factory=dict)
    # Enrolment id -> mark at "the last class" held before each digest's class.
    marks: dict[int, str] = field(default_factory=dict)
    # Start times of the weekly classes that were not cancelled, per cohort.
    weekly_classes: dict[int, list[dt.datetime]] = field(default_factory=dict)
    opted_out_addresses: set[tuple[str, str]] = field(default_factory=set)
    # Questionnaire invitations and reminders: (enrolment id, time point) -> what is asked.
    questionnaires: dict[tuple[int, str], Questionnaire] = field(default_factory=dict)
    # The intake reminders and the intake lines of the class-1 digest (batch_questionnaires).
    intake: QuestionnaireBatch = field(default_factory=QuestionnaireBatch)
    # Comments and private messages to participants (compose_conversations).
    conversations: Conversations = field(default_factory=Conversations)
    # Links that are the same for every recipient, reversed once a batch (see url()).
    links: dict[tuple[str, tuple[object, ...]], str] = field(default_factory=dict)

    def url(self, name: str, *args: object) -> str:
        """The absolute URL of a view, reversed once for the whole batch."""
        key = (name, args)
        if key not in self.links:
            self.links[key] = absolute_url(reverse(name, args=args))
        return self.links[key]


def load_batch(deliveries: Sequence[Delivery], now: dt.datetime) -> Batch:
    batch = Batch(now=now)
    by_kind: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        by_kind[delivery.kind].append(delivery)
    user_ids = {
        d.recipient_id
        for d in by_kind[Kind.DAILY] + by_kind[Kind.CLASS] + by_kind[Kind.CLASS_UPDATE]
    }

    # Active enrolments of daily/class recipients, and of summaries' own enrolments.
    summary_enrolment_ids = {d.context.get("enrolment") for d in by_kind[Kind.SUMMARY]}
    if user_ids or summary_enrolment_ids:
        for enrolment in Enrolment.objects.filter(
            Q(participant_id__in=user_ids, status__in=IN_COURSE) | Q(pk__in=summary_enrolment_ids)
        ).select_related("cohort__curriculum", "participant"):
            batch.enrolments[enrolment.pk] = enrolment
            if enrolment.status in IN_COURSE:
                batch.enrolments_by_user.setdefault(enrolment.participant_id, []).append(enrolment)

    if by_kind[Kind.DAILY]:
        days = {dt.date.fromisoformat(d.period) for d in by_kind[Kind.DAILY]}
        enrolment_user = {e.pk: e.participant_id for e in batch.enrolments.values()}
        batch.practised = {
            (enrolment_user[enrolment_id], day)
            for enrolment_id, day in PracticeLog.objects.filter(
                enrolment_id__in=enrolment_user, practised_on__in=days
            )
            .values_list("enrolment_id", "practised_on")
            .distinct()
        }

    session_ids = {
        d.context.get("session")
        for d in by_kind[Kind.CLASS] + by_kind[Kind.CLASS_UPDATE] + by_kind[Kind.DIGEST]
    }
    if session_ids:
        batch.sessions = {
            str(s.public_id): s
            for s in ClassSession.objects.filter(public_id__in=session_ids).select_related(
                "cohort__curriculum"
            )
        }

    # Summaries: this week and the one before (for the check-in trend), and next week's plan.
    summary_enrolments = [
        batch.enrolments[d.context["enrolment"]]
        for d in by_kind[Kind.SUMMARY]
        if d.context.get("enrolment") in batch.enrolments
    ]
    digest_sessions = [
        batch.sessions[d.context["session"]]
        for d in by_kind[Kind.DIGEST]
        if d.context.get("session") in batch.sessions
    ]
    if digest_sessions:
        cohort_ids = {s.cohort_id for s in digest_sessions}
        for enrolment in (
            Enrolment.objects.filter(cohort_id__in=cohort_ids)
            .in_course()
            .select_related("cohort__curriculum", "participant")
            .order_by("participant__display_name", "participant__email")
        ):
            batch.rosters.setdefault(enrolment.cohort_id, []).append(enrolment)
        batch.shared = _newly_shared(digest_sessions, batch.rosters)
        roster_ids = [e.pk for r in batch.rosters.values() for e in r]
        batch.attendance = attended_counts(roster_ids)
        batch.last_practice = last_practice_dates(roster_ids)
        # The roster's rule for "the last class": the latest one held before this class.
        batch.marks = latest_class_marks({s.cohort_id: s.starts_at for s in digest_sessions})
        for cohort_id, starts_at in weekly_classes(cohort_ids).values_list(
            "cohort_id", "starts_at"
        ):
            batch.weekly_classes.setdefault(cohort_id, []).append(starts_at)
    weeks = {w for d in by_kind[Kind.SUMMARY] for w in _trend_weeks(d.context.get("week"))}
    # The digest flags look at the two weeks before its class, as the roster does.
    # Someone behind the cohort's clock may still be in week N-1, so the flag looks one earlier.
    weeks |= {
        n for s in digest_sessions for n in (s.number - 3, s.number - 2, s.number - 1) if n >= 1
    }
    progress_enrolments = summary_enrolments + [e for r in batch.rosters.values() for e in r]
    if progress_enrolments and weeks:
        unique = list({e.pk: e for e in progress_enrolments}.values())
        batch.progress = {
            pk: course.weeks
            for pk, course in course_progress(
                unique,
                weeks=weeks,
                # Each week judged on its person's own clock at the moment of sending.
                today={e.pk: e.participant.local_date(now) for e in unique},
            ).items()
        }
    if summary_enrolments:
        next_keys = {
            (e.cohort_id, d.context["week"] + 1)
            for d in by_kind[Kind.SUMMARY]
            if (e := batch.enrolments.get(d.context.get("enrolment")))
        }
        curricula = {e.cohort.curriculum_id for e in summary_enrolments}
        numbers = {n for _, n in next_keys if n <= COURSE_WEEKS}
        for week in CurriculumWeek.objects.filter(
            curriculum_id__in=curricula, kind=WeekKind.WEEK, number__in=numbers
        ):
            batch.next_weeks[(week.curriculum_id, week.number)] = week
        for target in (
            CohortAssignment.objects.filter(
                cohort_id__in={c for c, _ in next_keys}, week__in=numbers
            )
            .select_related("practice")
            .prefetch_related("also_counts")
        ):
            batch.next_targets.setdefault((target.cohort_id, target.week), []).append(target)

    batch.questionnaires = load_questionnaires(deliveries)
    batch.intake = load_intake(by_kind, digest_sessions)
    batch.conversations = load_conversations(deliveries)
    addresses = [d.to for d in deliveries if d.recipient_id is None]
    if addresses:
        batch.opted_out_addresses = set(
            EmailOptOut.objects.filter(email__in=addresses).values_list("email", "kind")
        )
    return batch


def _trend_weeks(week: int | None) -> list[int]:
    if not week:
        return []
    return [w for w in (week - 1, week) if 1 <= w <= COURSE_WEEKS]


def _newly_shared(
    sessions: list[ClassSession], rosters: dict[int, list[Enrolment]]
) -> dict[int, dict[str, list[dict[str, str]]]]:
    """What each cohort's participants shared, and replied, in the week before each class: one
    line per item (an entry shared, a reply written), each with a short excerpt and a link to
    it on the participant's page (4 queries).

    Returns {cohort id: {"items": [...], "replies": [...]}}; each line is a dict of "text",
    "excerpt" and "url".
    """
    since = {s.cohort_id: s.starts_at - dt.timedelta(days=7) for s in sessions}
    enrolments = {e.pk: e for r in rosters.values() for e in r}
    earliest = min(since.values())
    # Each participant's page, from one reversed URL (as the roster builds its links).
    placeholder = "00000000-0000-0000-0000-000000000000"
    page = absolute_url(reverse("teach:participant", args=[placeholder, placeholder]))

    def link(enrolment: Enrolment, anchor: str) -> str:
        return (
            page.replace(placeholder, str(enrolment.cohort.public_id), 1).replace(
                placeholder, str(enrolment.public_id), 1
            )
            + anchor
        )

    found: list[tuple[dt.datetime, int, str, dict[str, str]]] = []
    recent = {
        "enrolment_id__in": enrolments,
        "shared_with_instructors": True,
        "updated_at__gte": earliest,
    }
    for log in PracticeLog.objects.filter(**recent).select_related("practice"):
        what = f"practice note, {log.practice.name.lower()} of {_day(log.practised_on)}"
        found.append((log.updated_at, log.enrolment_id, "items", _line(log, what, log.note)))
    for entry in CalendarEntry.objects.filter(**recent):
        what = f"{entry.get_kind_display().lower()} entry of {_day(entry.occurred_on)}"
        found.append(
            (entry.updated_at, entry.enrolment_id, "items", _line(entry, what, entry.event))
        )
    for check_in in CheckIn.objects.filter(**recent):
        what = f"check-in of {_day(check_in.day)}"
        found.append(
            (
                check_in.updated_at,
                check_in.enrolment_id,
                "items",
                _line(check_in, what, check_in.note),
            )
        )
    for reply in Message.objects.filter(
        enrolment_id__in=enrolments, from_participant=True, created_at__gte=earliest
    ).select_related("comment", "thread"):
        root = reply.root
        anchor = "comment" if reply.comment_id else "message"
        found.append(
            (
                reply.created_at,
                reply.enrolment_id,
                "replies",
                {
                    "what": "a reply to your comment"
                    if reply.comment_id
                    else "a reply to your message",
                    "excerpt": _excerpt(reply.text),
                    "anchor": f"#{anchor}-{root.public_id}",
                },
            )
        )
    shared: dict[int, dict[str, list[dict[str, str]]]] = {}
    for when, enrolment_id, section, line in sorted(found, key=lambda item: item[0]):
        enrolment = enrolments[enrolment_id]
        if when < since[enrolment.cohort_id]:
            continue
        lists = shared.setdefault(enrolment.cohort_id, {"items": [], "replies": []})
        lists[section].append(
            {
                "text": f"{enrolment.participant.get_full_name()}: {line['what']}",
                "excerpt": line["excerpt"],
                "url": link(enrolment, line["anchor"]),
            }
        )
    return shared


EXCERPT_WORDS = 12


def _excerpt(text: str) -> str:
    words = text.split()
    return " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


def _line(entry: PracticeLog | CalendarEntry | CheckIn, what: str, text: str) -> dict[str, str]:
    return {"what": what, "excerpt": _excerpt(text), "anchor": f"#entry-{entry.public_id}"}
