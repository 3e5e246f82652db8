"""Erasing a person, and anonymising a finished cohort: what goes, and what is kept.

What a cohort's statistics need is kept, unlinked from the person: each enrolment is moved to
a fresh, inactive stand-in account with no name and a made-up address, and keeps its practice
minutes and days, readings done, attendance, check-in numbers, calendar days and questionnaire
scores. Everything a person wrote (notes, calendar text, check-in notes, open answers) is
erased, comments on it are deleted, invitations to their address are renamed, and e-mails in
the ledger to them are deleted with their account. `KEPT` and `ERASED` say the same in words
for the confirmation page.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import AccessRecord, User
from course import freshness
from course.models import Enrolment, Invitation
from homework.models import (
    CALENDAR_FIELDS,
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
)
from notifications.models import Delivery, EmailOptOut
from outcomes.models import Answer
from privacy.models import AnonymisedCohort, DataExport

log = logging.getLogger(__name__)

ERASED_DOMAIN = "erased.invalid"  # .invalid can never be a real mailbox (RFC 2606)
STAND_IN_NAME = "Former participant"
CALENDAR_TEXT = sorted({f for fields in CALENDAR_FIELDS.values() for f in fields} - {"was_aware"})

KEPT = [
    "Minutes and days of practice, readings ticked, class attendance, the pain and stress "
    "numbers of check-ins and questionnaire scores: your instructor's cohort figures add up "
    "from these. They are kept without your name or address, and nobody can tell they were "
    "yours.",
]
ERASED = [
    "Your name, e-mail address, password, time zone choice and sign-in methods.",
    "Everything you wrote: practice notes, calendar entries, check-in notes and open answers.",
    "Instructors' comments on what you shared, and private messages with them, both ways.",
    "E-mails we sent you (the ledger's record, with your address), your consent records, the "
    "list of who looked at your data, and any download of your data.",
]


def _stand_in(zone: str) -> User:
    """A person-less account to hold one anonymised enrolment's figures."""
    user = User(
        email=f"anonymous-{uuid.uuid4().hex}@{ERASED_DOMAIN}",
        display_name=STAND_IN_NAME,
        time_zone=zone,
        is_active=False,
    )
    user.set_unusable_password()
    return user


def _erase_writing(enrolment_ids: Sequence[int]) -> None:
    """Blank free text on these enrolments' rows; keep the numbers and dates."""
    mine = Q(enrolment_id__in=enrolment_ids)
    Message.objects.filter(mine).delete()
    InstructorComment.objects.filter(mine).delete()
    PracticeLog.objects.filter(mine).update(note="", shared_with_instructors=False)
    CheckIn.objects.filter(mine).update(note="", shared_with_instructors=False)
    CalendarEntry.objects.filter(mine).update(
        shared_with_instructors=False, **dict.fromkeys(CALENDAR_TEXT, "")
    )
    # update() sends no signals; and no copy of what they wrote may stay in the cache.
    freshness.forget_enrolments(enrolment_ids)
    # An open answer is nothing but its text (a check constraint forbids an empty one).
    Answer.objects.filter(response__enrolment_id__in=enrolment_ids, value__isnull=True).delete()


def anonymise_enrolments(enrolments: Sequence[Enrolment]) -> None:
    """Move each enrolment to its own stand-in account and erase what the person wrote."""
    if not enrolments:
        return
    ids = [e.pk for e in enrolments]
    zones = dict(Enrolment.objects.filter(pk__in=ids).values_list("pk", "participant__time_zone"))
    stand_ins = User.objects.bulk_create([_stand_in(zones[pk]) for pk in ids])
    for enrolment_id, stand_in in zip(ids, stand_ins, strict=True):
        # One small UPDATE per enrolment: a background job over one person or one cohort.
        Enrolment.objects.filter(pk=enrolment_id).update(participant=stand_in)
    _erase_writing(ids)


def _remove_files(user: User) -> None:
    for export in DataExport.objects.filter(user=user).exclude(path=""):
        remove_export_file(export)


def remove_export_file(export: DataExport) -> None:
    folder = (Path(settings.MEDIA_ROOT) / export.path).parent
    if export.path and folder.is_dir() and folder.parent.name == "exports":
        shutil.rmtree(folder, ignore_errors=True)


@transaction.atomic
def erase_person(user: User) -> None:
    """Remove `user` for good: see the module docstring for what is kept."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email, name = user.email, user.display_name
    anonymise_enrolments(list(Enrolment.objects.filter(participant=user)))
    # Invitations name the address: rename them (the per-cohort unique key stays unique).
    Invitation.objects.filter(Q(email__iexact=email) | Q(accepted_by=user)).update(
        email=Concat(
            Value("invitation-"), Cast("public_id", CharField()), Value(f"@{ERASED_DOMAIN}")
        ),
        accepted_by=None,
    )
    # The ledger: rows to the account go with it (cascade); rows sent to the bare address
    # before it existed (the invitation) and opt-outs by address go now.
    Delivery.objects.filter(recipient=None, to__iexact=email).delete()
    EmailOptOut.objects.filter(email__iexact=email).delete()
    # Where the person was the one looking (an instructor), the others' lists keep the fact
    # but not the name.
    AccessRecord.objects.filter(viewer=user).update(viewer=None, viewer_name="A former instructor")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    _remove_files(user)
    user.delete()
    log.info("Erased an account (request fulfilled); name present: %s", bool(name))


@transaction.atomic
def anonymise_cohort(cohort_id: int) -> int:
    """Unlink every participant of a finished cohort from its figures; returns how many."""
    marker, created = AnonymisedCohort.objects.select_for_update().get_or_create(
        cohort_id=cohort_id
    )
    if not created:
        return 0
    enrolments = list(
        Enrolment.objects.filter(cohort_id=cohort_id).exclude(
            participant__email__endswith=f"@{ERASED_DOMAIN}"
        )
    )
    people = [e.participant_id for e in enrolments]
    session_keys = [
        f"session:{public_id}"
        for public_id in marker.cohort.sessions.values_list("public_id", flat=True)
    ]
    announcement_keys = [
        f"announcement:{public_id}"
        for public_id in marker.cohort.announcements.values_list("public_id", flat=True)
    ]
    # E-mails about this cohort would still tie the person to it.
    Delivery.objects.filter(recipient_id__in=people).filter(
        Q(period__startswith=f"cohort:{cohort_id}:")
        | Q(period__in=session_keys + announcement_keys)
    ).delete()
    Invitation.objects.filter(cohort_id=cohort_id).update(
        email=Concat(
            Value("invitation-"), Cast("public_id", CharField()), Value(f"@{ERASED_DOMAIN}")
        ),
        accepted_by=None,
    )
    AccessRecord.objects.filter(subject_id__in=people, context=marker.cohort.title).delete()
    anonymise_enrolments(enrolments)
    marker.enrolments = len(enrolments)
    marker.anonymised_at = timezone.now()
    marker.save(update_fields=["enrolments", "anonymised_at"])
    return len(enrolments)
