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


def accesses_of(subject: User, limit: int = 200) -> list[AccessRecord]:
    """The latest rows about `subject`, newest first (one query)."""
    return list(AccessRecord.objects.filter(subject=subject).order_by("-at")[:limit])
