"""Every model is usable in the admin by staff, and the admin is closed to everyone else."""

from __future__ import annotations

import uuid

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.utils import timezone

from accounts.models import AccessRecord, ConsentRecord, SubmittedForm, User
from course.models import Announcement, Attendance, Cohort, CohortRecording, Invitation, Reading
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)
from notifications.models import Delivery, EmailOptOut
from privacy.models import AnonymisedCohort, DataExport, DeletionRequest
from tests.support.admin import check_refused, check_staff_can_use, url

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "course", "homework", "notifications", "privacy"}
OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


@pytest.fixture
def populated(cohort: Cohort, participant: User) -> None:
    """One row of every model, so change pages have something to open."""
    enrolment = participant.enrolments.get()
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=cohort.assignments.first().practice,
        practised_on=cohort.start_date,
        minutes=30,
    )
    ReadingDone.objects.create(enrolment=enrolment, reading=Reading.objects.first())
    CalendarEntry.objects.create(
        enrolment=enrolment, kind="pleasant", occurred_on=cohort.start_date, event="Sun on my face"
    )
    check_in = CheckIn.objects.create(
        enrolment=enrolment, day=cohort.start_date, pain=4, stress=3, shared_with_instructors=True
    )
    instructor = cohort.instructors.get()
    Invitation.objects.create(cohort=cohort, email="a@example.org", invited_by=instructor)
    Attendance.objects.create(
        session=cohort.sessions.first(), enrolment=enrolment, status="present"
    )
    announcement = Announcement.objects.create(
        cohort=cohort, author=instructor, subject="a note", body="a"
    )
    announcement.dismiss_for(enrolment)
    InstructorComment.objects.create(
        enrolment=enrolment, week=1, author=instructor, check_in=check_in, text="a comment"
    )
    Message.objects.create(enrolment=enrolment, author=instructor, text="a private message")
    Delivery.objects.create(recipient=participant, kind="daily", period="2026-01-05")
    # A row only: the file itself is never opened by the admin pages.
    CohortRecording.objects.create(
        cohort=cohort,
        practice=cohort.assignments.first().practice,
        file="recordings/example.ogg",
        content_type="audio/ogg",
        extension="ogg",
        size=1,
        uploaded_by=instructor,
    )
    EmailOptOut.objects.create(email="invited@example.org", kind="invitation")
    ConsentRecord.objects.create(user=participant, notice_version="a1")
    AccessRecord.objects.create(
        subject=participant, viewer=instructor, viewer_name="a teacher", what="participant-page"
    )
    DataExport.objects.create(user=participant)
    SubmittedForm.objects.create(user=instructor, token=uuid.uuid4(), form="announcement")
    DeletionRequest.objects.create(user=participant, due_at=timezone.now())
    AnonymisedCohort.objects.create(cohort=cohort)


def test_every_model_of_ours_is_registered() -> None:
    from django.apps import apps

    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert ours == set(OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_staff_can_list_search_add_and_open_each_model(
    client: Client, staff: User, populated: None, model: type[models.Model]
) -> None:
    client.force_login(staff)
    check_staff_can_use(client, model)


@pytest.mark.parametrize("who", ["anonymous", "participant", "instructor"])
def test_the_admin_refuses_people_who_are_not_staff(
    client: Client, populated: None, who: str, request: pytest.FixtureRequest
) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    check_refused(client, (Cohort, PracticeLog, User))


def test_a_cohort_change_page_has_its_sessions_and_enrolments_inline(
    client: Client, staff: User, cohort: Cohort, participant: User
) -> None:
    client.force_login(staff)
    page = client.get(url(Cohort, "change", cohort.pk)).content.decode()
    # Orientation, eight classes and the day of mindfulness, each an editable inline row.
    assert 'name="sessions-TOTAL_FORMS" value="10"' in page
    assert f'name="assignments-TOTAL_FORMS" value="{cohort.assignments.count()}"' in page
    assert 'name="enrolments-TOTAL_FORMS" value="1"' in page
