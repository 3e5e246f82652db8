"""Recording who looked at whose data: one call from each instructor page that shows it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accounts.models import AccessRecord, User


def record_access(
    viewer: User, subjects: Iterable[User], what: str, context: str = ""
) -> list[AccessRecord]:
    """One row per person whose data `viewer` just opened or exported (one insert).

    Looking at your own data is not recorded: the list is for what *others* saw.
    """
    now = timezone.now()
    rows = [
        AccessRecord(
            subject=subject,
            viewer=viewer,
            viewer_name=viewer.get_full_name(),
            what=what,
            context=context[:160],
            at=now,
        )
        for subject in subjects
        if subject.pk != viewer.pk
    ]
    return AccessRecord.objects.bulk_create(rows)


def record_access_by_id(
    viewer: User, subject_ids: Iterable[int], what: str, context: str = ""
) -> list[AccessRecord]:
    """`record_access` for people known by id: a cohort's export records everyone on its
    roster, and reading 200 accounts only to take their ids was most of the export's time."""
    now = timezone.now()
    name = viewer.get_full_name()
    return AccessRecord.objects.bulk_create(
        [
            AccessRecord(
                subject_id=pk,
                viewer=viewer,
                viewer_name=name,
                what=what,
                context=context[:160],
                at=now,
            )
            for pk in subject_ids
            if pk != viewer.pk
        ]
    )


def accesses_of(subject: User, limit: int = 200) -> list[AccessRecord]:
    """The latest rows about `subject`, newest first (one query)."""
    return list(AccessRecord.objects.filter(subject=subject).order_by("-at")[:limit])
