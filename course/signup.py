"""How accounts' sign-up learns about invitations, through the hook in accounts/signup.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from accounts.models import User
from course import actions, invitations


class InvitationGate:
    """The signup gate accounts' allauth adapter asks (registered in course/apps.py): a browser
    that confirmed a usable invitation may sign up, with that address, on the cohort's clock,
    and is enrolled as soon as the account exists."""

    def invited_email(self, request: HttpRequest) -> str | None:
        invitation = invitations.pending_invitation(request.session)
        return invitation.email if invitation else None

    def time_zone(self, request: HttpRequest) -> str | None:
        invitation = invitations.pending_invitation(request.session)
        return invitation.cohort.time_zone if invitation else None

    def joined(self, request: HttpRequest, user: User) -> None:
        invitation = invitations.pending_invitation(request.session)
        if invitation is None:
            return
        try:
            actions.accept_invitation(invitation, user)
        except invitations.InvitationRefused as refused:
            messages.error(request, refused.message)
        request.session.pop(invitations.SESSION_KEY, None)
