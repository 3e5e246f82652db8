"""Hooks into django-allauth."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.forms import ValidationError
from django.http import HttpRequest

from accounts import invitations


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Participants join through an instructor's invitation: a browser that has confirmed a
        # usable invitation may sign up. Anyone-can-join is an operator's choice, off unless
        # STILLPOINT_OPEN_SIGNUP is set.
        if settings.STILLPOINT_OPEN_SIGNUP:
            return True
        return invitations.pending_invitation(request.session) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = self.request
        invitation = invitations.pending_invitation(request.session) if request else None
        # The invitation proved one address; an account under another would enrol someone
        # whose address nobody checked.
        if invitation is not None and email.lower() != invitation.email.lower():
            raise ValidationError(
                f"Please sign up with the address the invitation was sent to: {invitation.email}."
            )
        return email

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        invitation = invitations.pending_invitation(request.session)
        user = super().save_user(request, user, form, commit=False)
        if invitation is not None:
            # A new participant starts on their cohort's clock (days, weeks, reminder times);
            # they can pick another zone on their preferences page.
            user.time_zone = invitation.cohort.time_zone
        if commit:
            user.save()
        if commit and invitation is not None:
            try:
                invitations.accept(invitation, user)
            except invitations.InvitationRefused as refused:
                messages.error(request, refused.message)
            request.session.pop(invitations.SESSION_KEY, None)
        return user
