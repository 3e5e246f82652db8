"""Invitations: from the instructor's list of addresses to an enrolled, signed-in participant."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course import invitations
from course.models import Cohort, Enrolment, Invitation
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long quiet evening"


def invite(client: Client, cohort: Cohort, text: str) -> HttpResponse:
    return client.post(reverse("teach:invitations", args=[cohort.public_id]), {"addresses": text})


def link_in(message: mail.EmailMessage) -> str:
    url = re.search(r"https?://\S+/invite/\S+/", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def sign_up(client: Client, email: str) -> HttpResponse:
    """allauth's own sign-up form (open sign-up, or a browser with no invitation)."""
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def join(client: Client, **changes: str) -> HttpResponse:
    """The welcome page's form, as an invited browser sends it (tests/notifications/test_welcome.py)."""
    data = {
        "display_name": "New person",
        "password": NEW_PASSWORD,
        "time_zone": "Europe/London",
        "reminder_time": "08:00",
        "consent": "on",
        **changes,
    }
    return client.post(reverse("notifications:welcome"), data)


@pytest.fixture
def invitation(cohort: Cohort, instructor: User) -> Invitation:
    return Invitation.objects.create(cohort=cohort, email="new@example.org", invited_by=instructor)


def test_valid_addresses_are_invited_and_invalid_lines_reported_next_to_the_field(
    signed_in: Client, cohort: Cohort
) -> None:
    response = invite(
        signed_in, cohort, "ana@example.org, Ben@Example.org\nnot-an-address\n\n  cy@example.org "
    )
    assert response.status_code == 200
    assert "Not e-mail addresses, so not invited: not-an-address" in response.content.decode()
    assert sorted(i.email for i in cohort.invitations.all()) == [
        "ana@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    assert deliver_queued_mail() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    assert "/invite/" in mail.outbox[0].body
    assert "/invite/" in mail.outbox[0].alternatives[0][0]


def test_inviting_the_same_address_twice_does_not_send_twice(
    signed_in: Client, cohort: Cohort
) -> None:
    invite(signed_in, cohort, "ana@example.org")
    response = invite(signed_in, cohort, "ANA@example.org")
    assert "Already invited" in response.content.decode()
    deliver_queued_mail()
    assert len(mail.outbox) == 1


def test_opening_the_link_only_shows_a_confirmation(client: Client, invitation: Invitation) -> None:
    path = invitations.accept_path(invitation)
    response = client.get(path)
    assert response.status_code == 200
    assert "Accept and create my account" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Enrolment.objects.filter(participant__email="new@example.org").exists()
    # GET alone does not open sign-up either.
    assert "closed" in client.get(reverse("account_signup")).content.decode().lower()


def test_accepting_signs_a_new_person_up_with_a_verified_address_and_enrols_them(
    client: Client, invitation: Invitation, cohort: Cohort
) -> None:
    response = client.post(invitations.accept_path(invitation))
    # New people make their account on the welcome page (tests/notifications/test_welcome.py);
    # allauth's own form, reached directly, still enrols them.
    assert response["Location"] == reverse("notifications:welcome")
    assert "new@example.org" in client.get(response["Location"]).content.decode()
    response = join(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert Enrolment.objects.get(cohort=cohort, participant=user).status == Enrolment.Status.ACTIVE
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == user
    assert client.get(reverse("home")).context["user"] == user


def test_allauths_sign_up_sends_an_invited_browser_to_the_welcome_page(
    client: Client, invitation: Invitation
) -> None:
    """The generic form asks for no name, zone or consent, so an invitee never gets it; the
    welcome page has no address field: the account is made for the invited address only."""
    client.post(invitations.accept_path(invitation))
    assert client.get(reverse("account_signup"))["Location"] == reverse("notifications:welcome")
    response = sign_up(client, "someone-else@example.org")
    assert response["Location"] == reverse("notifications:welcome")
    assert not User.objects.filter(email="someone-else@example.org").exists()
    join(client)
    assert User.objects.filter(email=invitation.email).exists()


def test_accepting_signs_an_existing_person_in_and_enrols_them(
    client: Client, cohort: Cohort, instructor: User
) -> None:
    person = UserFactory(email="known@example.org")
    invitation = Invitation.objects.create(
        cohort=cohort, email="Known@Example.org", invited_by=instructor
    )
    assert "Accept and sign in" in client.get(invitations.accept_path(invitation)).content.decode()
    response = client.post(invitations.accept_path(invitation))
    assert response.status_code == 302
    assert Enrolment.objects.filter(cohort=cohort, participant=person).exists()
    assert client.get(reverse("home")).context["user"] == person


def test_a_tampered_link_is_refused_with_a_clear_page(
    client: Client, invitation: Invitation
) -> None:
    path = invitations.accept_path(invitation)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    forged = reverse("invitation_accept", args=[f"{invitation.public_id}:1:xyz:forged"])
    assert client.post(forged).status_code == 400
    assert not Enrolment.objects.filter(participant__email="new@example.org").exists()


def test_an_expired_link_is_refused(
    client: Client, invitation: Invitation, settings: object
) -> None:
    path = invitations.accept_path(invitation)
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_link_works_once(client: Client, cohort: Cohort, instructor: User) -> None:
    person = UserFactory(email="once@example.org")
    invitation = Invitation.objects.create(
        cohort=cohort, email="once@example.org", invited_by=instructor
    )
    path = invitations.accept_path(invitation)
    assert client.post(path).status_code == 302
    other = Client()
    response = other.post(path)
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()
    assert Enrolment.objects.filter(participant=person).count() == 1


def test_a_revoked_invitation_is_refused(
    signed_in: Client, cohort: Cohort, invitation: Invitation
) -> None:
    path = invitations.accept_path(invitation)
    signed_in.post(
        reverse("teach:invitation_revoke", args=[cohort.public_id, invitation.public_id])
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    response = Client().post(path)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_resending_sends_a_new_link_and_retires_the_old_one(
    signed_in: Client, cohort: Cohort, invitation: Invitation
) -> None:
    old = invitations.accept_path(invitation)
    later = timezone.now() + invitations.RESEND_COOLDOWN + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        signed_in.post(
            reverse("teach:invitation_resend", args=[cohort.public_id, invitation.public_id])
        )
        deliver_queued_mail()
    assert len(mail.outbox) == 1
    new = link_in(mail.outbox[0])
    assert new != old
    assert Client().get(old).status_code == 410
    assert Client().get(new).status_code == 200


def test_resending_again_and_again_cannot_flood_an_inbox(
    signed_in: Client, cohort: Cohort, invitation: Invitation
) -> None:
    url = reverse("teach:invitation_resend", args=[cohort.public_id, invitation.public_id])
    for _ in range(5):
        signed_in.post(url)
    deliver_queued_mail()
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.send_count == 1
    page = signed_in.post(url, follow=True).content.decode()
    assert "please wait before sending it again" in page


def test_a_sign_up_begun_with_a_link_that_was_since_resent_is_refused(
    cohort: Cohort, invitation: Invitation
) -> None:
    browser = Client()
    assert browser.get(invitations.accept_path(invitation)).status_code == 200
    Invitation.objects.filter(pk=invitation.pk).update(send_count=invitation.send_count + 1)
    browser.post(
        reverse("account_signup"),
        {
            "email": invitation.email,
            "password1": "a calm long phrase",
            "password2": "a calm long phrase",
        },
    )
    assert not User.objects.filter(email=invitation.email).exists()
    # Nor through the welcome page, by a browser that accepted before the resend.
    other = Client()
    invitation.refresh_from_db()
    other.post(invitations.accept_path(invitation))
    Invitation.objects.filter(pk=invitation.pk).update(send_count=invitation.send_count + 1)
    assert join(other).status_code == 400
    assert not User.objects.filter(email=invitation.email).exists()


def test_the_roster_of_invitations_shows_each_status(
    signed_in: Client, cohort: Cohort, instructor: User
) -> None:
    now = timezone.now()
    Invitation.objects.create(cohort=cohort, email="p@example.org", invited_by=instructor)
    Invitation.objects.create(
        cohort=cohort, email="a@example.org", invited_by=instructor, accepted_at=now
    )
    Invitation.objects.create(
        cohort=cohort, email="r@example.org", invited_by=instructor, revoked_at=now
    )
    Invitation.objects.create(
        cohort=cohort,
        email="e@example.org",
        invited_by=instructor,
        last_sent_at=now - dt.timedelta(days=30),
    )
    page = signed_in.get(reverse("teach:invitations", args=[cohort.public_id])).content.decode()
    for status in ("Pending", "Accepted", "Revoked", "Expired"):
        assert f'">{status}</span>' in page


def test_an_instructor_can_send_only_so_many_invitations_an_hour(
    signed_in: Client, cohort: Cohort, settings: object
) -> None:
    settings.INVITATIONS_PER_HOUR = 3  # type: ignore[attr-defined]
    invite(signed_in, cohort, "a@example.org, b@example.org")
    response = invite(signed_in, cohort, "c@example.org, d@example.org")
    assert "more invitation(s) this hour" in response.content.decode()
    assert cohort.invitations.count() == 2
    deliver_queued_mail()
    assert len(mail.outbox) == 2
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        invite(signed_in, cohort, "c@example.org, d@example.org")
    assert cohort.invitations.count() == 4


def test_invitations_beyond_capacity_are_refused(signed_in: Client, cohort: Cohort) -> None:
    cohort.capacity = 2
    cohort.save()
    EnrolmentFactory(cohort=cohort)
    response = invite(signed_in, cohort, "a@example.org, b@example.org")
    assert "1 place(s) left" in response.content.decode()
    assert not cohort.invitations.exists()


def test_accepting_into_a_full_cohort_is_refused(
    client: Client, cohort: Cohort, invitation: Invitation
) -> None:
    cohort.capacity = 1
    cohort.save()
    EnrolmentFactory(cohort=cohort)
    UserFactory(email="new@example.org")
    response = client.post(invitations.accept_path(invitation))
    assert response.status_code == 410
    assert "full" in response.content.decode()
    assert cohort.enrolments.count() == 1


def test_someone_signed_in_under_another_address_is_told_to_sign_out(
    client: Client, invitation: Invitation, participant: User
) -> None:
    client.force_login(participant)
    response = client.post(invitations.accept_path(invitation))
    assert response.status_code == 410
    assert "different e-mail address" in response.content.decode()
    assert not Enrolment.objects.filter(participant__email="new@example.org").exists()


def test_a_signed_in_invitee_accepts_without_signing_in_again(
    client: Client, cohort: Cohort, instructor: User
) -> None:
    person = UserFactory(email="here@example.org")
    client.force_login(person)
    invitation = Invitation.objects.create(
        cohort=cohort, email="here@example.org", invited_by=instructor
    )
    assert client.post(invitations.accept_path(invitation))["Location"] == reverse("home")
    assert Enrolment.objects.filter(cohort=cohort, participant=person).exists()


def test_with_mandatory_verification_the_invitee_is_signed_in_without_a_confirmation_email(
    client: Client, invitation: Invitation, cohort: Cohort, settings: object
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # type: ignore[attr-defined]
    client.post(invitations.accept_path(invitation))
    response = join(client)
    assert response["Location"] == reverse("home")
    deliver_queued_mail()
    assert not mail.outbox  # no "confirm your address" message: the invitation proved it
    user = User.objects.get(email="new@example.org")
    assert client.get(reverse("home")).context["user"] == user
    assert cohort.enrolments.filter(participant=user).exists()


def test_signup_stays_closed_to_someone_without_an_invitation(client: Client) -> None:
    response = sign_up(client, "walk-in@example.org")
    assert not User.objects.filter(email="walk-in@example.org").exists()
    assert "closed" in response.content.decode().lower()


def test_an_existing_person_without_an_address_record_is_signed_in_under_mandatory_verification(
    client: Client, cohort: Cohort, instructor: User, settings: object
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # type: ignore[attr-defined]
    person = UserFactory(email="admin-made@example.org")  # made in the admin: no EmailAddress row
    invitation = Invitation.objects.create(
        cohort=cohort, email="admin-made@example.org", invited_by=instructor
    )
    response = client.post(invitations.accept_path(invitation))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == person
    address = EmailAddress.objects.get(user=person)
    assert (address.email, address.verified, address.primary) == (
        "admin-made@example.org",
        True,
        True,
    )


def test_a_new_participant_starts_on_the_cohorts_time_zone(
    client: Client, invitation: Invitation, cohort: Cohort
) -> None:
    cohort.time_zone = "America/Santiago"
    cohort.save(update_fields=["time_zone"])
    client.post(invitations.accept_path(invitation))
    # Without JavaScript the welcome page offers the cohort's zone; the browser's own replaces
    # it when scripts run (tests/notifications/test_welcome_browser.py).
    page = client.get(reverse("notifications:welcome")).content.decode()
    assert '<option value="America/Santiago" selected>' in page
    join(client, time_zone="America/Santiago")
    assert User.objects.get(email="new@example.org").time_zone == "America/Santiago"


def test_an_address_too_long_to_store_is_reported_not_a_500(
    signed_in: Client, cohort: Cohort
) -> None:
    long_address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    assert len(long_address) > 254
    response = invite(signed_in, cohort, f"ok@example.org\n{long_address}")
    assert response.status_code == 200
    assert long_address in response.content.decode()
    assert [i.email for i in cohort.invitations.all()] == ["ok@example.org"]


def test_an_instructor_account_must_sign_in_before_the_link_enrols_it(
    client: Client, cohort: Cohort, instructor: User
) -> None:
    colleague = UserFactory(email="colleague@example.org", is_instructor=True)
    invitation = Invitation.objects.create(
        cohort=cohort, email=colleague.email, invited_by=instructor
    )
    response = client.post(invitations.accept_path(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert not cohort.enrolments.filter(participant=colleague).exists()
    client.force_login(colleague)
    assert client.post(invitations.accept_path(invitation))["Location"] == reverse("home")
    assert cohort.enrolments.filter(participant=colleague).exists()


def test_someone_who_withdrew_can_be_invited_back_and_rejoin(
    signed_in: Client, cohort: Cohort, instructor: User
) -> None:
    back = UserFactory(email="back@example.org", display_name="Back")
    enrolment = EnrolmentFactory(cohort=cohort, participant=back)
    first = Invitation.objects.create(
        cohort=cohort, email=back.email, invited_by=instructor, accepted_at=timezone.now()
    )
    enrolment.withdraw()
    url = reverse("teach:invitations", args=[cohort.public_id])
    response = signed_in.post(url, {"addresses": back.email})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.accepted_at, first.send_count) == (None, 2)  # reopened, with a fresh link
    deliver_queued_mail()
    (message,) = [m for m in mail.outbox if m.to == [back.email]]
    path = invitations.accept_path(first)
    assert path in message.body
    Client().post(path)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
