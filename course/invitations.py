"""Invitation links: an instructor invites e-mail addresses to a cohort; a signed link enrols them.

The link carries `<public_id>:<send_count>` signed with a salted TimestampSigner, so nothing
secret is stored, a tampered link fails the signature, an old link fails the age check,
resending retires the previous link (its send_count no longer matches), and an accepted or
revoked invitation is refused by its row. Opening the link (GET) only shows a confirmation:
mail scanners follow links, so enrolment happens on POST.

This module reads and checks links; the writes (creating, renewing, accepting) are in
course/actions.py, and teach/actions.py e-mails the links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course.models import Cohort, Enrolment, Invitation

SALT = "stillpoint.invitation"
SESSION_KEY = "stillpoint_invitation"
RESEND_COOLDOWN = dt.timedelta(minutes=15)
MAX_EMAIL_LENGTH = Invitation._meta.get_field("email").max_length or 254


class InvitationRefused(Exception):
    """Why a link cannot be used; `reason` picks the message the refusal page shows."""

    MESSAGES = {
        "tampered": "This invitation link is not valid. Please use the link exactly as it "
        "arrived in your e-mail, or ask your instructor to send it again.",
        "expired": "This invitation link has expired. Ask your instructor to send you a new one.",
        "used": "This invitation has already been accepted. Sign in to reach your course.",
        "revoked": "This invitation was withdrawn by the instructor.",
        "full": "This cohort is full. Please contact your instructor.",
        "other_account": "This invitation is for a different e-mail address than the account "
        "you are signed in with. Sign out, then open the link again.",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return self.MESSAGES[self.reason]


# --- Links ------------------------------------------------------------------------------------


def make_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign(
        f"{invitation.public_id}:{invitation.send_count}"
    )


def accept_path(invitation: Invitation) -> str:
    return reverse("invitation_accept", args=[make_token(invitation)])


def invitation_from_token(token: str, now: dt.datetime | None = None) -> Invitation:
    """The invitation a link stands for, or InvitationRefused saying why it cannot be used."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=dt.timedelta(days=settings.INVITATION_VALID_DAYS))
    except signing.SignatureExpired as error:
        raise InvitationRefused("expired") from error
    except signing.BadSignature as error:
        raise InvitationRefused("tampered") from error
    public_id, _, send_count = value.partition(":")
    invitation = Invitation.objects.select_related("cohort").filter(public_id=public_id).first()
    if invitation is None:
        raise InvitationRefused("tampered")
    check_usable(invitation, now)
    if str(invitation.send_count) != send_count:
        # A newer e-mail replaced this link.
        raise InvitationRefused("expired")
    return invitation


def check_usable(invitation: Invitation, now: dt.datetime | None = None) -> None:
    status = invitation.status_at(now)
    if status == Invitation.Status.ACCEPTED:
        raise InvitationRefused("used")
    if status == Invitation.Status.REVOKED:
        raise InvitationRefused("revoked")
    if status == Invitation.Status.EXPIRED:
        raise InvitationRefused("expired")


@dataclass
class InviteResult:
    sent: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    already_enrolled: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    error: str = ""


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """Valid addresses (lower-cased, de-duplicated, in order) and the pieces that are not."""
    valid: list[str] = []
    invalid: list[str] = []
    for piece in text.replace(",", "\n").replace(";", "\n").splitlines():
        address = piece.strip().strip("<>").strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(piece.strip())
            continue
        if len(address) > MAX_EMAIL_LENGTH:  # valid in theory, but no mailbox is that long
            invalid.append(piece.strip())
            continue
        if address.lower() not in valid:
            valid.append(address.lower())
    return valid, invalid


def sends_left_this_hour(instructor: User, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - dt.timedelta(hours=1)
    used = Invitation.objects.filter(invited_by=instructor, last_sent_at__gt=since).count()
    return max(0, settings.INVITATIONS_PER_HOUR - used)


def places_left(cohort: Cohort) -> int:
    """Capacity minus people enrolled and invitations still open (each holds a place)."""
    now = timezone.now()
    enrolled = cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).count()
    held = sum(
        1
        for invitation in cohort.invitations.filter(accepted_at=None, revoked_at=None)
        if invitation.status_at(now) == Invitation.Status.PENDING
    )
    return cohort.capacity - enrolled - held


def pending_invitation(session: SessionBase, now: dt.datetime | None = None) -> Invitation | None:
    """The invitation this browser is signing up through, if it is still usable."""
    public_id, _, sent = str(session.get(SESSION_KEY, "")).partition(":")
    if not public_id:
        return None
    invitation = Invitation.objects.select_related("cohort").filter(public_id=public_id).first()
    if invitation is None or invitation.status_at(now) != Invitation.Status.PENDING:
        return None
    if sent != str(invitation.send_count):
        return None  # the link this browser opened has since been replaced by a resend
    return invitation


def remember_in_session(session: SessionBase, invitation: Invitation) -> None:
    """Tie this browser's sign-up to the link it opened (which a resend retires)."""
    session[SESSION_KEY] = f"{invitation.public_id}:{invitation.send_count}"
