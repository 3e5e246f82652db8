"""The welcome page: an invited person makes their account in our layout, consents, and lands
on the baseline questionnaire or the dashboard."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.consent import NOTICE_VERSION
from accounts.models import ConsentRecord, User
from course import invitations
from course.actions import create_cohort
from course.models import Cohort, Enrolment, Invitation
from notifications.models import NotificationSettings
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long quiet evening"
WELCOME = reverse("notifications:welcome")


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "Noor",
        "password": PASSWORD,
        "time_zone": "America/Los_Angeles",
        "reminder_time": "07:30",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def invited(client: Client, invitation: Invitation) -> Client:
    """A browser that opened the invitation and pressed Accept."""
    response = client.post(invitations.accept_path(invitation))
    assert response["Location"] == WELCOME
    return client


def test_the_page_shows_the_cohort_instructor_and_first_class_in_the_chosen_zone(
    invited: Client, cohort: Cohort
) -> None:
    page = invited.get(WELCOME).content.decode()
    assert cohort.title in page
    assert "Teacher" in page  # the instructor persona's name
    first = cohort.sessions.filter(is_cancelled=False).order_by("starts_at").first()
    local = timezone.localtime(first.starts_at, cohort.zone)
    assert local.strftime("%H:%M") in page
    # The zone in words, the privacy notice, and the detect-on-first-visit script.
    assert "London — " in page
    assert "Who sees what" in page
    assert 'data-detect="1"' in page
    assert "js/timezone.js" in page
    assert "<optgroup" in page
    # Also a passkey later: the person is told where.
    assert "Sign-in security" in page


def test_joining_creates_a_verified_account_enrols_records_consent_and_schedules_reminders(
    invited: Client, cohort: Cohort, invitation: Invitation
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC), tick=False):
        response = invited.post(WELCOME, form_data())
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert user.display_name == "Noor"
    assert user.time_zone == "America/Los_Angeles"
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert Enrolment.objects.get(participant=user, cohort=cohort).status == "active"
    consent = ConsentRecord.objects.get(user=user)
    assert consent.notice_version == NOTICE_VERSION
    prefs = NotificationSettings.objects.get(user=user)
    assert prefs.reminder_time == dt.time(7, 30)
    # 12:00 UTC is 04:00 in Los Angeles: the first reminder is 07:30 there the same day.
    local = timezone.localtime(prefs.next_daily_at, user.zone)
    assert (local.date(), local.time()) == (dt.date(2026, 12, 2), dt.time(7, 30))
    # Signed in, greeted by name.
    home = invited.get(response["Location"], follow=True)
    assert home.context["user"] == user
    assert "Noor" in home.content.decode()


def test_before_class_one_joining_leads_to_the_baseline_questionnaire(
    client: Client, curriculum: object, instructor: User
) -> None:
    call_command("load_instruments", stdout=StringIO())
    later = create_cohort(
        curriculum=curriculum,
        title="Summer cohort",
        start_date=timezone.now().date() + dt.timedelta(days=10),
        time_zone="Europe/Berlin",
        instructors=[instructor],
    )
    invitation = Invitation.objects.create(
        cohort=later, email="new@example.org", invited_by=instructor
    )
    client.post(invitations.accept_path(invitation))
    response = client.post(WELCOME, form_data())
    enrolment = Enrolment.objects.get(participant__email="new@example.org")
    assert response["Location"] == reverse(
        "outcomes:questionnaire", args=[enrolment.public_id, "baseline"]
    ) or response["Location"] == reverse(
        "outcomes:questionnaire", args=[enrolment.public_id, "intake"]
    )


def test_after_class_one_joining_leads_to_the_dashboard(
    invited: Client, invitation: Invitation
) -> None:
    call_command("load_instruments", stdout=StringIO())
    response = invited.post(WELCOME, form_data())
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": None}, "consent", "with your agreement"),
        ({"display_name": ""}, "display_name", "required"),
        ({"password": "short"}, "password", "too short"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not one of the available"),
        ({"reminder_time": "25:99"}, "reminder_time", "valid time"),
    ],
)
def test_each_mistake_is_shown_beside_its_field_and_nothing_is_created(
    invited: Client, invitation: Invitation, changes: dict, field: str, message: str
) -> None:
    response = invited.post(WELCOME, form_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors.lower() or message in errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()
    assert not ConsentRecord.objects.exists()


def test_an_alias_zone_reported_by_a_browser_is_accepted(
    invited: Client, invitation: Invitation
) -> None:
    invited.post(WELCOME, form_data(time_zone="Asia/Calcutta"))
    assert User.objects.get(email=invitation.email).time_zone == "Asia/Calcutta"


def test_find_narrows_the_zone_list_without_javascript_and_keeps_what_was_typed(
    invited: Client, invitation: Invitation
) -> None:
    response = invited.post(
        WELCOME, form_data(zone_search="berl", time_zone="Europe/London", **{"search-zones": "1"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Europe/Berlin"' in page
    assert 'value="Asia/Tokyo"' not in page
    assert 'value="Europe/London"' in page  # the current choice stays selectable
    assert 'value="Noor"' in page
    assert PASSWORD not in page
    assert response.context["form"].errors == {}
    assert not User.objects.filter(email=invitation.email).exists()


def test_without_an_invitation_the_page_refuses(client: Client) -> None:
    response = client.get(WELCOME)
    assert response.status_code == 400
    assert client.post(WELCOME, form_data()).status_code == 400
    assert not User.objects.filter(display_name="Noor").exists()


def test_a_signed_in_person_is_sent_home(pat: Client) -> None:
    assert pat.get(WELCOME)["Location"] == reverse("home")


def test_an_invitation_withdrawn_meanwhile_creates_nothing(
    invited: Client, invitation: Invitation
) -> None:
    invitation.revoke()
    response = invited.post(WELCOME, form_data())
    assert response.status_code == 400
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_address_that_already_has_an_account_is_sent_to_sign_in(
    invited: Client, invitation: Invitation
) -> None:
    UserFactory(email=invitation.email)
    response = invited.get(WELCOME)
    assert response["Location"].startswith(reverse("account_login"))
