"""The public end of an invitation: the link in the e-mail lands here."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.models import User
from course import actions, invitations

# 410 Gone says "this link worked once and will not again"; 400 says it never did.
REFUSAL_STATUS = {"tampered": 400}


def _refuse(request: HttpRequest, refused: invitations.InvitationRefused) -> HttpResponse:
    return render(
        request,
        "course/invitation_refused.html",
        {"reason": refused.reason, "message": refused.message},
        status=REFUSAL_STATUS.get(refused.reason, 410),
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what accepting means and changes nothing; POST accepts."""
    try:
        invitation = invitations.invitation_from_token(token)
        if request.user.is_authenticated and request.user.email.lower() != invitation.email.lower():
            raise invitations.InvitationRefused("other_account")
    except invitations.InvitationRefused as refused:
        return _refuse(request, refused)
    existing = User.objects.filter(email__iexact=invitation.email).first()

    if request.method == "GET":
        return render(
            request,
            "course/invitation_confirm.html",
            {"invitation": invitation, "cohort": invitation.cohort, "existing": existing},
        )

    if existing is None:
        # A new person: the welcome page (notifications/welcome.py, the lowest layer that can
        # also set their reminder time) makes the account, with the address counted as
        # verified because the invitation reached it, and enrols them.
        invitations.remember_in_session(request.session, invitation)
        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect(reverse("notifications:welcome"))

    if not request.user.is_authenticated and (existing.is_staff or existing.is_instructor):
        # The link proves the mailbox, which is enough to join a course but not to open an
        # account that can see other people's data: those sign in with their password first.
        messages.info(request, "Please sign in first; the invitation is waiting for you.")
        return redirect(f"{reverse('account_login')}?next={request.path}")
    try:
        actions.accept_invitation(invitation, existing)
    except invitations.InvitationRefused as refused:
        return _refuse(request, refused)
    _mark_verified(existing, invitation.email)
    messages.success(request, f"Welcome to {invitation.cohort.title}.")
    if request.user.is_authenticated:
        return redirect("home")
    return perform_login(request, existing, redirect_url=reverse("home"))


def _mark_verified(user: User, email: str) -> None:
    """Following the link proved the address, as a password-reset link would.

    Accounts made in the admin may have no allauth address row yet; without a verified one,
    mandatory verification would stop the sign-in that the invitation promises.
    """
    updated = EmailAddress.objects.filter(user=user, email__iexact=email).update(verified=True)
    if not updated:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(
            user=user, email=email.lower(), verified=True, primary=not has_primary
        )
