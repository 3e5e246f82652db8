"""The informal-practice calendars: structured prompts, one entry a day, private unless shared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment
from homework.models import CalendarEntry

pytestmark = pytest.mark.django_db


def entry_data(day: dt.date, **extra: str) -> dict[str, str]:
    return {
        "occurred_on": day.isoformat(),
        "event": "Birdsong at dawn",
        "was_aware": "yes",
        "body": "Warm chest",
        **extra,
    }


def test_pleasant_events_ask_the_five_prompts(pat: Client) -> None:
    form = pat.get(reverse("homework:calendar_new", args=["pleasant"])).context["form"]
    assert list(form.fields) == [
        "occurred_on",
        "event",
        "was_aware",
        "body",
        "feelings",
        "thoughts_now",
        "shared_with_instructors",
    ]
    assert form.fields["event"].label == "What was the pleasant moment?"


def test_difficult_communications_ask_their_own_prompts(pat: Client) -> None:
    form = pat.get(reverse("homework:calendar_new", args=["communication"])).context["form"]
    assert list(form.fields) == [
        "occurred_on",
        "event",
        "arose",
        "wanted",
        "other_wanted",
        "feelings",
        "resolution",
        "shared_with_instructors",
    ]
    assert "Who was it with" in form.fields["event"].label


def test_an_entry_is_saved_private_by_default(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    response = pat.post(
        reverse("homework:calendar_new", args=["unpleasant"]), entry_data(cohort.start_date)
    )
    assert response.status_code == 302
    entry = CalendarEntry.objects.get()
    assert (entry.enrolment, entry.kind, entry.was_aware, entry.shared_with_instructors) == (
        enrolment,
        CalendarKind.UNPLEASANT,
        True,
        False,
    )


def test_the_default_sharing_follows_the_participants_preference(
    pat: Client, participant: User
) -> None:
    participant.share_by_default = True
    participant.save()
    form = pat.get(reverse("homework:calendar_new", args=["pleasant"])).context["form"]
    assert form["shared_with_instructors"].value() is True


def test_one_entry_a_day_with_a_clear_message(pat: Client, cohort: Cohort) -> None:
    url = reverse("homework:calendar_new", args=["pleasant"])
    pat.post(url, entry_data(cohort.start_date))
    response = pat.post(url, entry_data(cohort.start_date, event="another"))
    assert "already have an entry for that day" in str(
        response.context["form"].errors["occurred_on"]
    )
    assert CalendarEntry.objects.count() == 1
    # The same day in another calendar is fine.
    assert (
        pat.post(
            reverse("homework:calendar_new", args=["unpleasant"]), entry_data(cohort.start_date)
        ).status_code
        == 302
    )


def test_an_empty_event_is_refused_next_to_the_field(pat: Client, cohort: Cohort) -> None:
    response = pat.post(
        reverse("homework:calendar_new", args=["pleasant"]), entry_data(cohort.start_date, event="")
    )
    assert "Describe what happened" in str(response.context["form"].errors["event"])
    assert not CalendarEntry.objects.exists()


def test_future_and_pre_course_days_are_refused(
    pat: Client, cohort: Cohort, participant: User
) -> None:
    url = reverse("homework:calendar_new", args=["pleasant"])
    future = participant.local_date() + dt.timedelta(days=1)
    assert "future" in str(pat.post(url, entry_data(future)).context["form"].errors["occurred_on"])
    early = cohort.orientation_date - dt.timedelta(days=1)
    assert "course begins" in str(
        pat.post(url, entry_data(early)).context["form"].errors["occurred_on"]
    )
    assert not CalendarEntry.objects.exists()


def test_an_entry_can_be_edited_and_shared_later(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    entry = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind="pleasant",
        occurred_on=cohort.start_date,
        event="tea",
        was_aware=False,
    )
    url = reverse("homework:calendar_edit", args=[entry.public_id])
    assert pat.get(url).context["form"]["was_aware"].value() == "no"
    pat.post(
        url,
        entry_data(
            cohort.start_date, event="tea, slowly", shared_with_instructors="on", was_aware=""
        ),
    )
    entry.refresh_from_db()
    assert (entry.event, entry.shared_with_instructors, entry.was_aware) == (
        "tea, slowly",
        True,
        None,
    )


def test_entries_are_listed_per_week(pat: Client, enrolment: Enrolment, cohort: Cohort) -> None:
    for offset in (0, 8, 9):
        CalendarEntry.objects.create(
            enrolment=enrolment,
            kind="pleasant",
            occurred_on=cohort.start_date + dt.timedelta(days=offset),
            event=f"e{offset}",
        )
    groups = pat.get(reverse("homework:calendar", args=["pleasant"])).context["groups"]
    assert [(g["label"], len(g["entries"])) for g in groups] == [("Week 2", 2), ("Week 1", 1)]
    week2 = pat.get(reverse("homework:week", args=[2])).content.decode()
    assert "2 of 7 entries this week" in week2


def test_an_entry_is_deleted_only_after_confirming(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    entry = CalendarEntry.objects.create(
        enrolment=enrolment, kind="pleasant", occurred_on=cohort.start_date, event="x"
    )
    url = reverse("homework:calendar_delete", args=[entry.public_id])
    pat.get(url)
    assert CalendarEntry.objects.exists()
    pat.post(url)
    assert not CalendarEntry.objects.exists()
