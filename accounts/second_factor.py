"""A second factor is required of everyone who can see other people's health data.

Instructors and staff without an authenticator (app, or passkey) are sent to the setup page
before a page under settings.STILLPOINT_MFA_REQUIRED_PATHS (`/teach/`, `/admin/`) opens. Every
other page stays open to them, so the setup, sign-out and password pages always work.
Participants may add one from their preferences but are never asked to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect

# Recovery codes only back up another factor; on their own they do not count.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def needs_second_factor(user: Any) -> bool:
    """Whether this person's role requires a second factor (set up or not)."""
    return bool(user.is_authenticated and (user.is_instructor or user.is_staff))


def _key(user_id: int) -> str:
    return f"second-factor:{user_id}"


def has_second_factor(user: Any) -> bool:
    """Whether this person has an authenticator app or a passkey. Asked on every page under
    /teach/, so the answer is kept in the cache; adding or removing an authenticator forgets
    it (signals below), so a removed factor is required again at the next page."""
    key = _key(user.pk)
    found = cache.get(key)
    if found is None:
        found = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
        cache.set(key, found, timeout=24 * 60 * 60)
    return bool(found)


def _forget(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    cache.delete(_key(instance.user_id))
    # And again once the change is committed, so a page read in between cannot keep the old.
    transaction.on_commit(lambda: cache.delete(_key(instance.user_id)), robust=True)


post_save.connect(_forget, sender=Authenticator, dispatch_uid="second-factor-saved")
post_delete.connect(_forget, sender=Authenticator, dispatch_uid="second-factor-deleted")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            settings.STILLPOINT_REQUIRE_MFA
            and request.path_info.startswith(tuple(settings.STILLPOINT_MFA_REQUIRED_PATHS))
            and needs_second_factor(request.user)
            and not has_second_factor(request.user)
        ):
            messages.info(
                request,
                "Instructor and staff accounts can see other people's health data, so they need "
                "a second step at sign-in. Please set up an authenticator app or a passkey first.",
            )
            return redirect("mfa_index")
        return self.get_response(request)
