"""The daily check-in: pain and stress 0-10 with labelled anchors, one per local day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from homework.models import CheckIn

pytestmark = pytest.mark.django_db
URL = reverse("homework:check_in")


def data(day: dt.date, pain: object = 4, stress: object = 6, **extra: object) -> dict[str, object]:
    return {"day": day.isoformat(), "pain": pain, "stress": stress, **extra}


def test_the_scales_are_labelled_at_both_ends(pat: Client) -> None:
    page = pat.get(URL).content.decode()
    assert "0 = no pain, 10 = worst pain imaginable" in page
    assert "0 = no stress, 10 = worst stress imaginable" in page
    assert "<legend>Back pain today</legend>" in page


def test_a_check_in_is_saved_for_the_day(
    pat: Client, participant: User, enrolment: Enrolment
) -> None:
    today = participant.local_date()
    assert pat.post(URL, data(today, sleep_quality=7, note="stiff morning")).status_code == 302
    check_in = CheckIn.objects.get()
    assert (
        check_in.enrolment,
        check_in.day,
        check_in.pain,
        check_in.stress,
        check_in.sleep_quality,
    ) == (enrolment, today, 4, 6, 7)
    assert check_in.shared_with_instructors is False


def test_a_second_check_in_the_same_day_replaces_the_first(pat: Client, participant: User) -> None:
    today = participant.local_date()
    pat.post(URL, data(today, 4, 6))
    pat.post(URL, data(today, 2, 3))
    assert list(CheckIn.objects.values_list("pain", "stress")) == [(2, 3)]
    assert pat.get(URL).context["form"]["pain"].value() == 2  # the form shows today's values


@pytest.mark.parametrize(
    ("field", "value"),
    [("pain", 11), ("pain", -1), ("stress", "high"), ("pain", ""), ("sleep_quality", 12)],
)
def test_a_score_outside_0_to_10_is_refused(
    pat: Client, participant: User, field: str, value: object
) -> None:
    response = pat.post(URL, {**data(participant.local_date()), field: value})
    assert response.status_code == 200
    assert "0 to 10" in str(response.context["form"].errors[field])
    assert not CheckIn.objects.exists()


def test_the_day_is_the_participants_local_day(
    client: Client, participant: User, cohort: Cohort
) -> None:
    participant.time_zone = "America/Santiago"
    participant.save()
    client.force_login(participant)
    # 02:00 UTC is still the previous evening in Santiago.
    moment = dt.datetime.combine(
        cohort.start_date + dt.timedelta(days=10), dt.time(2, 0), tzinfo=dt.UTC
    )
    with time_machine.travel(moment, tick=False):
        assert (
            client.get(URL).context["form"]["day"].value() == (moment - dt.timedelta(days=1)).date()
        )
