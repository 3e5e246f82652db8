"""Access log: a row each time an instructor opens a participant's page or exports the cohort,
and the participant's "Who has looked at my data"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRecord, User
from course.models import Cohort, Enrolment
from tests.support.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

YOUR_DATA = reverse("privacy:your_data")


def participant_url(cohort: Cohort, enrolment: Enrolment) -> str:
    return reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])


def test_opening_a_participants_page_is_recorded_and_the_instructor_is_told(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, instructor: User, participant: User
) -> None:
    page = signed_in.get(participant_url(cohort, enrolment)).content.decode()
    assert "are recorded" in page
    row = AccessRecord.objects.get()
    assert (row.subject, row.viewer, row.viewer_name, row.what) == (
        participant,
        instructor,
        "Teacher",
        AccessRecord.What.PARTICIPANT_PAGE,
    )
    assert row.context == cohort.title


@pytest.mark.parametrize("export", ["teach:export_weeks", "teach:export_entries"])
def test_an_export_is_recorded_for_everyone_on_the_roster(
    signed_in: Client, cohort: Cohort, participant: User, second_participant: User, export: str
) -> None:
    response = signed_in.get(reverse(export, args=[cohort.public_id]))
    b"".join(response.streaming_content)
    assert set(AccessRecord.objects.values_list("subject__email", flat=True)) == {
        participant.email,
        second_participant.email,
    }
    assert (
        "are recorded"
        in signed_in.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
    )


@pytest.mark.parametrize("export", ["teach:export_weeks", "teach:export_entries"])
def test_an_export_records_each_person_once_with_who_what_and_when_but_not_the_viewer(
    signed_in: Client, cohort: Cohort, instructor: User, participant: User, export: str
) -> None:
    # The instructor is on this roster too (say, trying the course), and someone withdrew.
    EnrolmentFactory(cohort=cohort, participant=instructor)
    gone = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)
    before = timezone.now()
    response = signed_in.get(reverse(export, args=[cohort.public_id]))
    b"".join(response.streaming_content)
    rows = list(AccessRecord.objects.all())
    assert [row.subject_id for row in rows] == [participant.pk]
    (row,) = rows
    assert row.viewer_id == instructor.pk
    assert row.viewer_name == "Teacher"
    assert row.what == ("export-weeks" if export.endswith("weeks") else "export-entries")
    assert row.context == cohort.title
    assert row.at >= before
    assert gone.participant_id not in {r.subject_id for r in rows}


def test_the_participant_sees_who_looked_and_nobody_else_sees_it(
    signed_in: Client,
    client: Client,
    cohort: Cohort,
    enrolment: Enrolment,
    participant: User,
    second_participant: User,
) -> None:
    signed_in.get(participant_url(cohort, enrolment))
    client.force_login(participant)
    page = client.get(YOUR_DATA).content.decode()
    assert "Who has looked at my data" in page
    assert "Teacher" in page
    assert "Opened your page in the cohort" in page
    client.force_login(second_participant)
    page = client.get(YOUR_DATA).content.decode()
    assert "Teacher" not in page
    assert "Nobody but you" in page


def test_another_cohorts_instructor_is_refused_and_nothing_is_recorded(
    client: Client, cohort: Cohort, enrolment: Enrolment, other_instructor: User
) -> None:
    client.force_login(other_instructor)
    assert client.get(participant_url(cohort, enrolment)).status_code == 404
    assert client.get(reverse("teach:export_weeks", args=[cohort.public_id])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_a_participant_or_a_stranger_cannot_open_the_pages_that_record(
    client: Client, cohort: Cohort, enrolment: Enrolment, second_participant: User
) -> None:
    assert client.get(YOUR_DATA)["Location"].startswith(reverse("account_login"))
    client.force_login(second_participant)
    assert client.get(participant_url(cohort, enrolment)).status_code in (403, 404)
    assert not AccessRecord.objects.exists()
