"""Every new account gets its notification settings, so the tick can see its next due time."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from notifications.due import get_or_create_settings


@receiver(post_save, sender=User, dispatch_uid="notifications.settings_for_new_user")
def create_settings(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        get_or_create_settings(instance)
