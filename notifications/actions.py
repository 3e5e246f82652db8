"""Writes other parts of the product call: queue a one-off message, unsubscribe someone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from notifications.due import get_or_create_settings, insert_new
from notifications.models import OPT_OUT_FIELDS, Delivery, EmailOptOut, Kind
from notifications.signing import UnsubscribeRequest
from notifications.tasks import enqueue_batches


def queue_message(
    recipient: User | str,
    kind: str,
    period_key: str,
    template_name: str,
    context: Mapping[str, Any],
) -> Delivery:
    """Send `template_name` to `recipient` through the ledger and a worker, once.

    `recipient` is a User or, for someone without an account (an invitation), an address.
    `period_key` names what the message is about ("cohort:12", "announcement:<uuid>"): queuing
    the same (recipient, kind, period_key) again returns the existing row and sends nothing.
    `context` is stored as JSON, so pass strings and numbers (absolute links included); the
    footer, unsubscribe link and headers are added at send time. Call it inside the caller's
    transaction: the task is queued only once that commits.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind of message: {kind!r}")
    lookup: dict[str, Any] = {"kind": kind, "period": period_key}
    if isinstance(recipient, User):
        lookup["recipient"] = recipient
    else:
        lookup.update(recipient=None, to=recipient.strip().lower())
    defaults = {"template": template_name, "context": dict(context)}
    try:
        with transaction.atomic():
            delivery, created = Delivery.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # a concurrent call created it between our look-up and insert
        delivery, created = Delivery.objects.get(**lookup), False
    if created:
        enqueue_batches([delivery.pk])
    return delivery


def queue_messages(
    kind: str, template_name: str, messages: Sequence[tuple[User, str, Mapping[str, Any]]]
) -> list[int]:
    """queue_message for many account holders at once: one insert, one look-up, one enqueue.

    `messages` holds (recipient, period_key, context). Rows that already exist are left alone
    and not queued again. Returns the ids queued (on commit of the caller's transaction).
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind of message: {kind!r}")
    if not messages:
        return []
    now = timezone.now()
    rows = [
        Delivery(
            recipient=user,
            kind=kind,
            period=period,
            template=template_name,
            context=dict(ctx),
            next_attempt_at=now,
        )
        for user, period, ctx in messages
    ]
    ids = insert_new(kind, rows, now)
    enqueue_batches(ids)
    return ids


def unsubscribe(request: UnsubscribeRequest) -> bool:
    """Turn one kind off for the person a signed link names. Repeating it changes nothing.

    Returns False when the link names an account that no longer exists.
    """
    if request.user_public_id:
        user = User.objects.filter(public_id=request.user_public_id).first()
        if user is None:
            return False
        field = OPT_OUT_FIELDS.get(request.kind)
        if field is None:
            return True
        prefs = get_or_create_settings(user)
        if getattr(prefs, field):
            setattr(prefs, field, False)
            prefs.save(update_fields=[field, "updated_at"])
        return True
    if request.email:
        EmailOptOut.objects.get_or_create(email=request.email.lower(), kind=request.kind)
        return True
    return False
