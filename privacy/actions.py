"""Writes behind the "Your data" page: ask for a download, schedule or cancel a deletion."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from privacy.models import DELETION_GRACE, DataExport, DeletionRequest
from privacy.tasks import build_export


def request_export(user: User) -> DataExport:
    """Queue one download; a request already being prepared is reused, not doubled."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
        if pending is not None:
            return pending
        item = DataExport.objects.create(user=user)
        build_export.delay_on_commit(item.pk)
    return item


def schedule_deletion(user: User) -> DeletionRequest:
    """Erase the account once the grace period is over, unless cancelled first."""
    now = timezone.now()
    request, _ = DeletionRequest.objects.get_or_create(
        user=user, defaults={"requested_at": now, "due_at": now + DELETION_GRACE}
    )
    return request


def cancel_deletion(user: User) -> bool:
    deleted, _ = DeletionRequest.objects.filter(user=user).delete()
    return bool(deleted)
