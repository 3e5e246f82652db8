"""Hooks into django-allauth."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Participants join through an instructor's invitation (a separate flow); anyone-can-join
        # is an operator's choice, off unless STILLPOINT_OPEN_SIGNUP is set.
        return bool(settings.STILLPOINT_OPEN_SIGNUP)
