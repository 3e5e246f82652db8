"""Getting queued e-mail out in tests that are not about Celery itself."""

from __future__ import annotations

from notifications.models import Delivery
from notifications.send import deliver_batch


def deliver_queued_mail() -> int:
    """Do in this process what a Celery worker does with the messages waiting in the ledger.

    Actions queue e-mail on commit; tests that are not about Celery itself call this to get the
    messages into Django's test outbox. Returns how many rows it delivered.
    """
    ids = list(Delivery.objects.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True))
    if ids:
        deliver_batch(ids)
    return len(ids)
