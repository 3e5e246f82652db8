"""Invitations: an instructor invites e-mail addresses to a cohort; a signed link enrols them.

The link carries `<public_id>:<send_count>` signed with a salted TimestampSigner, so nothing
secret is stored, a tampered link fails the signature, an old link fails the age check,
resending retires the previous link (its send_count no longer matches), and an accepted or
revoked invitation is refused by its row. Opening the link (GET) only shows a confirmation:
mail scanners follow links, so enrolment happens on POST.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from course.models import Cohort, Enrolment
from notifications.actions import queue_message
from notifications.emails import absolute_url
from notifications.models import Kind

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


# --- Sending ----------------------------------------------------------------------------------


def send_invitation_email(invitation: Invitation) -> None:
    """Queue the invitation e-mail on the notifications ledger; a worker sends it once.

    Each (re)send is its own period, so a resend goes out while a repeated call does not.
    """
    cohort = invitation.cohort
    queue_message(
        invitation.email,
        Kind.INVITATION,
        f"invitation:{invitation.public_id}:{invitation.send_count}",
        "invitation",
        {
            "instructor_name": invitation.invited_by.get_full_name()
            if invitation.invited_by
            else "",
            "cohort_title": cohort.title,
            "start_date": f"{cohort.start_date:%A} {cohort.start_date.day} {cohort.start_date:%B %Y}",
            "accept_url": absolute_url(accept_path(invitation)),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


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


def invite(cohort: Cohort, instructor: User, text: str) -> InviteResult:
    """Invite every valid address in `text`; report the rest. All-or-nothing on limits.

    The rows are written and committed first, then the e-mails go out: a failing mail server
    leaves invitations the instructor can resend, never e-mails for rows that were rolled back.
    """
    result, created = _create_invitations(cohort, instructor, text)
    for invitation in created:
        send_invitation_email(invitation)
        result.sent.append(invitation.email)
    return result


@transaction.atomic
def _create_invitations(
    cohort: Cohort, instructor: User, text: str
) -> tuple[InviteResult, list[Invitation]]:
    # Lock the cohort so two instructors inviting at once cannot both take the last place.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    result = InviteResult()
    addresses, result.invalid = parse_addresses(text)
    enrolled = set(
        cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
        .annotate(address=Lower("participant__email"))
        .values_list("address", flat=True)
    )
    existing = {
        invitation.email.lower(): invitation
        for invitation in cohort.invitations.annotate(address=Lower("email")).filter(
            address__in=addresses
        )
    }
    new = []
    for address in addresses:
        if address in enrolled:
            result.already_enrolled.append(address)
        elif address in existing:
            result.already_invited.append(address)
        else:
            new.append(address)
    if not new:
        return result, []
    if len(new) > places_left(cohort):
        result.error = (
            f"This cohort has {max(0, places_left(cohort))} place(s) left (capacity "
            f"{cohort.capacity}, counting open invitations); {len(new)} new address(es) were "
            "given. Raise the capacity or invite fewer people."
        )
        return result, []
    if len(new) > sends_left_this_hour(instructor):
        result.error = (
            f"You can send {sends_left_this_hour(instructor)} more invitation(s) this hour "
            f"(limit {settings.INVITATIONS_PER_HOUR} an hour). Try again later."
        )
        return result, []
    now = timezone.now()
    created = Invitation.objects.bulk_create(
        [
            Invitation(
                cohort=cohort,
                email=address,
                invited_by=instructor,
                created_at=now,
                last_sent_at=now,
            )
            for address in new
        ]
    )
    for invitation in created:
        invitation.cohort = cohort
    return result, created


def resend(invitation: Invitation, instructor: User) -> str:
    """Send a fresh link (the old one stops working). Returns an error message or ''."""
    if invitation.accepted_at:
        return "This invitation was already accepted."
    # The hourly limit counts invitations; the cooldown stops one inbox from being flooded by
    # resending the same invitation over and over.
    ready_at = invitation.last_sent_at + RESEND_COOLDOWN
    if timezone.now() < ready_at:
        return (
            "This invitation was sent less than "
            f"{RESEND_COOLDOWN.seconds // 60} minutes ago; please wait before sending it again."
        )
    if sends_left_this_hour(instructor) < 1:
        return f"You have reached the limit of {settings.INVITATIONS_PER_HOUR} invitations an hour."
    if invitation.status_at() != Invitation.Status.PENDING and places_left(invitation.cohort) < 1:
        return "The cohort is full: raise its capacity before renewing this invitation."
    invitation.send_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.revoked_at = None
    invitation.invited_by = instructor
    invitation.save(update_fields=["send_count", "last_sent_at", "revoked_at", "invited_by"])
    send_invitation_email(invitation)
    return ""


def revoke(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def accept(invitation: Invitation, user: User) -> Enrolment:
    """Enrol `user` in the invitation's cohort, once, within capacity."""
    cohort = Cohort.objects.select_for_update().get(pk=invitation.cohort_id)
    # Re-read under the lock: two tabs accepting at once must not both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationRefused("other_account")
    enrolment = Enrolment.objects.filter(cohort=cohort, participant=user).first()
    taken = cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).count()
    if (
        enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN
    ) and taken >= cohort.capacity:
        raise InvitationRefused("full")
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            cohort=cohort,
            participant=user,
            status=Enrolment.Status.ACTIVE,
            joined_at=timezone.now(),
        )
    else:
        enrolment.activate()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return enrolment


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
