"""Celery: build a download, erase accounts whose grace period is over, apply retention."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.actions import queue_message
from notifications.emails import absolute_url
from notifications.models import Kind
from privacy import erase, export, retention
from privacy.links import download_token
from privacy.models import DataExport, DeletionRequest

log = logging.getLogger(__name__)

EXPORTS_DIR = "private/exports"


@shared_task(name="privacy.build_export", ignore_result=True)
def build_export(export_id: int) -> str:
    """Write the person's ZIP to a random folder under MEDIA_ROOT and e-mail them the link."""
    item = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if item is None or item.status != DataExport.Status.PENDING:
        return "nothing to do"  # a repeated or stale task: the first one did the work
    content = export.build_zip(item.user)
    relative = f"{EXPORTS_DIR}/{uuid.uuid4().hex}/stillpoint-data.zip"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    path.write_bytes(content)
    path.chmod(0o600)
    with transaction.atomic():
        item.path, item.size = relative, len(content)
        item.status, item.ready_at = DataExport.Status.READY, timezone.now()
        item.save(update_fields=["path", "size", "status", "ready_at"])
        queue_message(
            item.user,
            Kind.DATA_EXPORT,
            f"data-export:{item.public_id}",
            "data-export",
            {
                "name": item.user.get_short_name(),
                "download_url": absolute_url(
                    reverse("privacy:download", args=[download_token(item)])
                ),
                "valid_days": 7,
            },
        )
    return "built"


def remove_expired_exports() -> int:
    now = timezone.now()
    expired = [
        e
        for e in DataExport.objects.filter(status=DataExport.Status.READY)
        if not e.is_downloadable(now)
    ]
    for item in expired:
        erase.remove_export_file(item)
    DataExport.objects.filter(pk__in=[e.pk for e in expired]).update(
        status=DataExport.Status.EXPIRED, path=""
    )
    return len(expired)


@shared_task(name="privacy.erase_due_accounts", ignore_result=True)
def erase_due_accounts() -> int:
    """Erase every account whose deletion request is past its grace period."""
    due = list(DeletionRequest.objects.filter(due_at__lte=timezone.now()).select_related("user"))
    for request in due:
        erase.erase_person(request.user)
    remove_expired_exports()
    return len(due)


@shared_task(name="privacy.apply_retention", ignore_result=True)
def apply_retention() -> int:
    """Anonymise every cohort past STILLPOINT_RETENTION_DAYS; returns how many people."""
    total = 0
    for cohort in retention.cohorts_due(timezone.now().date()):
        total += erase.anonymise_cohort(cohort.pk)
        log.info("Anonymised cohort %s after the retention period", cohort.pk)
    return total
