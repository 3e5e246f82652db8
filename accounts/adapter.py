"""Hooks into django-allauth."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.forms import ValidationError
from django.http import HttpRequest

from accounts.signup import gate


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Participants join through an instructor's invitation: a browser that has confirmed a
        # usable invitation may sign up. Anyone-can-join is an operator's choice, off unless
        # STILLPOINT_OPEN_SIGNUP is set.
        if settings.STILLPOINT_OPEN_SIGNUP:
            return True
        signup_gate = gate()
        return signup_gate is not None and signup_gate.invited_email(request) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = self.request
        signup_gate = gate()
        invited = signup_gate.invited_email(request) if request and signup_gate else None
        # The invitation proved one address; an account under another would enrol someone
        # whose address nobody checked.
        if invited is not None and email.lower() != invited.lower():
            raise ValidationError(
                f"Please sign up with the address the invitation was sent to: {invited}."
            )
        return email

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        signup_gate = gate()
        user = super().save_user(request, user, form, commit=False)
        zone = signup_gate.time_zone(request) if signup_gate else None
        if zone:
            # A new participant starts on their cohort's clock (days, weeks, reminder times);
            # they can pick another zone on their preferences page.
            user.time_zone = zone
        if commit:
            user.save()
            if signup_gate is not None:
                signup_gate.joined(request, user)
        return user
