"""Attendance: one form per session for the whole roster."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Attendance, Cohort, Enrolment

pytestmark = pytest.mark.django_db


def test_one_form_records_every_participant_of_a_session(
    client: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    pat, robin = Enrolment.objects.filter(cohort=cohort).order_by("participant__email")
    session = cohort.sessions.get(kind="week", number=2)
    url = reverse("teach:attendance", args=[cohort.public_id, session.public_id])
    client.force_login(instructor)
    page = client.get(url).content.decode()
    for enrolment in (pat, robin):
        for status in ("present", "absent", "excused"):
            assert f'<label for="id_p-{enrolment.public_id}_' in page
            assert f'value="{status}"' in page
    response = client.post(
        url, {f"p-{pat.public_id}": "present", f"p-{robin.public_id}": "excused"}
    )
    assert response.status_code == 302
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        pat.pk: "present",
        robin.pk: "excused",
    }
    # Saving again replaces the marks; the form shows what was saved.
    client.post(url, {f"p-{pat.public_id}": "absent"})
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {pat.pk: "absent"}
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', client.get(url).content.decode())
    assert checked == ["absent"]


def test_an_unknown_mark_is_refused_beside_that_participant(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    session = cohort.sessions.get(kind="week", number=1)
    client.force_login(instructor)
    response = client.post(
        reverse("teach:attendance", args=[cohort.public_id, session.public_id]),
        {f"p-{enrolment.public_id}": "asleep"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_roster_counts_only_the_weekly_classes_that_took_place(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    from course.actions import record_attendance
    from course.selectors import attended_counts

    orientation = cohort.sessions.get(kind="orientation")
    cancelled = cohort.sessions.get(kind="week", number=3)
    cancelled.is_cancelled = True
    cancelled.save()
    for session in (orientation, cancelled, cohort.sessions.get(kind="week", number=1)):
        record_attendance(session, {enrolment.pk: "present"}, instructor)
    assert attended_counts([enrolment.pk])[enrolment.pk]["present"] == 1
