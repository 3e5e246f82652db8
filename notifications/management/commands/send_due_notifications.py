"""Run one tick in this process: find what is due and send it now, without a worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.due import dispatch_due, repair_missing_settings
from notifications.send import BATCH_SIZE, deliver_batch, sweep


class Command(BaseCommand):
    help = (
        "Find every notification due now and send it synchronously (for cron deployments and "
        "debugging). Safe alongside beat and workers: the ledger sends each message once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="Also retry rows left pending or stuck mid-send by a dead worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = dispatch_due()
        if options["sweep"]:
            repair_missing_settings(timezone.now())
            ids = sorted(set(ids) | set(sweep()))
        totals = {"sent": 0, "skipped": 0, "failed": 0, "retry": 0, "busy": 0}
        for start in range(0, len(ids), BATCH_SIZE):
            outcome = deliver_batch(ids[start : start + BATCH_SIZE])
            for key in totals:
                totals[key] += len(getattr(outcome, key))
        self.stdout.write(
            f"{len(ids)} due: {totals['sent']} sent, {totals['skipped']} skipped, "
            f"{totals['failed']} failed, {totals['retry']} to retry, "
            f"{totals['busy']} being sent elsewhere."
        )
