"""Celery tasks: the tick, the sweeper and the batch sender, and the one place that queues
batches. Each task is a thin shell around a plain function (due.dispatch_due, send.sweep,
send.deliver_batch) that tests and the management command call too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.due import dispatch_due, repair_missing_settings
from notifications.models import Delivery, Kind
from notifications.send import BATCH_SIZE, deliver_batch, sweep

logger = logging.getLogger(__name__)

# A row claimed by another task is looked at again after this; after MAX_TASK_RETRIES the task
# lets go and the sweeper owns the row.
BUSY_RETRY_SECONDS = 60
MAX_TASK_RETRIES = 12


def _send(ids: list[int], queue: str) -> None:
    send_batch.apply_async([ids], queue=queue)


# Fan-outs that can run to thousands of messages at once: their batches queue apart.
BULK_KINDS = {Kind.SUMMARY, Kind.DIGEST}


def enqueue_batches(ids: Sequence[int], size: int = BATCH_SIZE) -> None:
    """Queue send tasks of `size` ids each, once the rows they name are committed.

    Summaries and digests go to the bulk queue, everything else (reminders, one-off messages)
    to the default one, so a worker reaches a due reminder while a fan-out is still queued.
    One query to learn the kinds."""
    if not ids:
        return
    bulk = set(
        Delivery.objects.filter(pk__in=list(ids), kind__in=BULK_KINDS).values_list("pk", flat=True)
    )
    for queue, chosen in (
        (settings.STILLPOINT_BULK_QUEUE, [i for i in ids if i in bulk]),
        (settings.CELERY_TASK_DEFAULT_QUEUE, [i for i in ids if i not in bulk]),
    ):
        for start in range(0, len(chosen), size):
            transaction.on_commit(partial(_send, list(chosen[start : start + size]), queue))


@shared_task(name="notifications.tick", ignore_result=True)
def tick() -> int:
    """Find everything due now and queue it. Safe to run twice at the same moment."""
    ids = dispatch_due()
    enqueue_batches(ids)
    return len(ids)


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep_stuck() -> int:
    """Re-queue rows left pending (lost task) or stuck mid-send (dead worker), and give
    settings to any account created without them."""
    repair_missing_settings(timezone.now())
    ids = sweep()
    enqueue_batches(ids)
    return len(ids)


@shared_task(bind=True, name="notifications.send_batch", ignore_result=True, max_retries=None)
def send_batch(self: Task, ids: list[int]) -> dict[str, int]:
    """Send the rows among `ids` that are still pending. Ids that no longer exist are no-ops."""
    outcome = deliver_batch(ids)
    again = outcome.retry + outcome.busy
    if again and self.request.retries < MAX_TASK_RETRIES:
        if outcome.retry_at is not None:
            countdown = max(0.0, (outcome.retry_at - timezone.now()).total_seconds())
        else:
            countdown = float(BUSY_RETRY_SECONDS)
        # A short, bounded countdown (at most ten minutes), far below the visibility timeout.
        raise self.retry(args=[again], countdown=min(countdown, 600.0))
    if again:
        logger.warning("Leaving %d deliveries to the sweeper", len(again))
    return {
        "sent": len(outcome.sent),
        "skipped": len(outcome.skipped),
        "failed": len(outcome.failed),
        "again": len(again),
    }
