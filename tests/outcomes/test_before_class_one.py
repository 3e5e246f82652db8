"""Before class 1: the daily check-in is already open (a baseline week), and so is the baseline."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course import invitations
from course.models import Cohort, Curriculum, Enrolment, Invitation
from homework.models import CheckIn
from outcomes.models import TimePoint
from outcomes.selectors import open_questionnaires
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import make_cohort
from tests.support.outcomes import submitted

pytestmark = pytest.mark.django_db
CHECK_IN = reverse("homework:check_in")


def test_the_daily_check_in_is_open_before_class_1(
    sam: Client, newcomer: User, new_enrolment: Enrolment, upcoming: Cohort
) -> None:
    today = newcomer.local_date()
    assert today < upcoming.start_date
    response = sam.post(CHECK_IN, {"day": today.isoformat(), "pain": 6, "stress": 7})
    assert response.status_code == 302
    assert CheckIn.objects.get(enrolment=new_enrolment).day == today


def test_no_check_in_is_accepted_for_a_day_before_enrolment(
    sam: Client, newcomer: User, new_enrolment: Enrolment
) -> None:
    joined = newcomer.local_date(new_enrolment.joined_at)
    response = sam.post(
        CHECK_IN, {"day": (joined - dt.timedelta(days=1)).isoformat(), "pain": 6, "stress": 7}
    )
    assert response.status_code == 200
    assert "Your course begins on" in str(response.context["form"].errors["day"])
    assert not CheckIn.objects.exists()


def test_someone_who_joins_late_can_still_check_in_from_the_first_day(
    pat: Client, participant: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    # Joined in week 3: the rule is never stricter than the course's own first day.
    first = cohort.orientation_date or cohort.start_date
    response = pat.post(CHECK_IN, {"day": first.isoformat(), "pain": 3, "stress": 4})
    assert response.status_code == 302


def test_check_ins_go_on_after_week_8(client: Client, curriculum: Curriculum) -> None:
    person = UserFactory()
    ended = make_cohort(curriculum, person.local_date() - dt.timedelta(weeks=10), "Europe/London")
    enrolment = EnrolmentFactory(cohort=ended, participant=person)
    client.force_login(person)
    response = client.post(
        CHECK_IN, {"day": person.local_date().isoformat(), "pain": 2, "stress": 2}
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(enrolment=enrolment).count() == 1


def test_the_dashboard_shows_the_open_baseline_at_the_top(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    html = sam.get(reverse("home")).content.decode()
    link = reverse("outcomes:questionnaire", args=[new_enrolment.public_id, TimePoint.BASELINE])
    assert "A questionnaire is waiting for you" in html
    assert link in html
    # At the top: before the week's card and the practice form.
    assert html.index(link) < html.index('id="week-heading"') < html.index('id="log-heading"')


def test_the_banner_goes_once_the_baseline_is_sent(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    for slug in ("pain-intensity", "pain-bothersomeness", "pain-interference", "stress"):
        submitted(new_enrolment, slug, TimePoint.BASELINE, [5])
    assert "A questionnaire is waiting" in sam.get(reverse("home")).content.decode()
    response = submitted(new_enrolment, "course-goals", TimePoint.BASELINE, [])
    response.answers.create(item=response.instrument.items.get(), text="Walk again")
    html = sam.get(reverse("home")).content.decode()
    baseline = reverse("outcomes:questionnaire", args=[new_enrolment.public_id, TimePoint.BASELINE])
    # The baseline leaves the banner; the intake, asked before class 1 too, is still there.
    assert baseline not in html
    assert (
        reverse("outcomes:questionnaire", args=[new_enrolment.public_id, TimePoint.INTAKE]) in html
    )


def test_the_dashboard_has_no_banner_without_instruments(
    sam: Client, new_enrolment: Enrolment
) -> None:
    assert "A questionnaire is waiting" not in sam.get(reverse("home")).content.decode()


def test_the_banner_costs_four_queries_with_instruments_and_one_without(
    newcomer: User, new_enrolment: Enrolment, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert open_questionnaires(newcomer, enrolment=new_enrolment) == []
    call_command("load_instruments", stdout=StringIO())
    new_enrolment = Enrolment.objects.select_related("cohort").get(pk=new_enrolment.pk)
    # Instruments, the cohort's outcome settings, class 1's time, the responses.
    with django_assert_num_queries(4):  # type: ignore[operator]
        found = open_questionnaires(newcomer, enrolment=new_enrolment)
    # Before class 1: the intake and the baseline.
    assert [q.time_point for q in found] == [TimePoint.INTAKE, TimePoint.BASELINE]


def test_accepting_an_invitation_lands_on_the_welcome_with_the_baseline_at_the_top(
    client: Client, upcoming: Cohort, instructor: User, instruments: None
) -> None:
    UserFactory(email="known@example.org")
    invitation = Invitation.objects.create(
        cohort=upcoming, email="known@example.org", invited_by=instructor
    )
    response = client.post(invitations.accept_path(invitation), follow=True)
    html = response.content.decode()
    assert f"Welcome to {upcoming.title}" in html
    enrolment = Enrolment.objects.get(cohort=upcoming, participant__email="known@example.org")
    link = reverse("outcomes:questionnaire", args=[enrolment.public_id, TimePoint.BASELINE])
    assert html.index("A questionnaire is waiting for you") < html.index('id="week-heading"')
    assert link in html
