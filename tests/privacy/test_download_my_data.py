"""Download my data: the ZIP holds every row about the person and nothing about anyone else,
is built by the Celery task, e-mailed as a signed link, and served to its owner only."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRecord, ConsentRecord, User
from course.models import Attendance, Enrolment, Invitation
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)
from notifications.models import Delivery, Kind
from outcomes.models import Answer, Response
from privacy import actions, export
from privacy.models import DataExport
from privacy.tasks import build_export
from tests.support.mail import deliver_queued_mail
from tests.support.personal_data import secret_words, seed_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def seeded(participant: User, second_participant: User, instructor: User) -> Enrolment:
    seed_personal_data(second_participant, instructor)
    return seed_personal_data(participant, instructor)


def expected_counts(user: User) -> dict[str, int]:
    mine = {"enrolment__participant": user}
    return {
        "account": 1,
        "email_addresses": EmailAddress.objects.filter(user=user).count(),
        "notification_settings": 1,
        "enrolments": Enrolment.objects.filter(participant=user).count(),
        "invitations": Invitation.objects.filter(email__iexact=user.email).count(),
        "attendance": Attendance.objects.filter(**mine).count(),
        "practice_logs": PracticeLog.objects.filter(**mine).count(),
        "readings_done": ReadingDone.objects.filter(**mine).count(),
        "calendar_entries": CalendarEntry.objects.filter(**mine).count(),
        "check_ins": CheckIn.objects.filter(**mine).count(),
        "questionnaire_responses": Response.objects.filter(**mine).count(),
        "questionnaire_answers": Answer.objects.filter(
            response__enrolment__participant=user
        ).count(),
        "comments_received": InstructorComment.objects.filter(**mine).count(),
        "messages": Message.objects.filter(**mine).count(),
        "emails_sent": Delivery.objects.filter(recipient=user).count()
        + Delivery.objects.filter(recipient=None, to__iexact=user.email).count(),
        "consent_records": ConsentRecord.objects.filter(user=user).count(),
        "access_log": AccessRecord.objects.filter(subject=user).count(),
    }


def open_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_the_zip_holds_every_row_of_the_person_and_none_of_anyone_else(
    seeded: Enrolment, participant: User, second_participant: User
) -> None:
    archive = open_zip(export.build_zip(participant))
    data = json.loads(archive.read("data.json"))
    counts = expected_counts(participant)
    assert all(n > 0 for n in counts.values()), counts  # the seed really filled every table
    assert {name: len(rows) for name, rows in data.items()} == counts
    for name, n in counts.items():
        lines = archive.read(f"{name}.csv").decode().strip().splitlines()
        assert len(lines) == 1 + n, name  # a header and one line per row
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for word in secret_words(participant):
        assert word in everything
    # Nothing of the other participant: address, name, writing or row ids.
    assert second_participant.email not in everything
    assert "Robin" not in everything
    for log in PracticeLog.objects.filter(enrolment__participant=second_participant):
        assert str(log.public_id) not in everything
    assert "password" not in data["account"][0]


def test_the_export_costs_a_fixed_number_of_queries(
    seeded: Enrolment, participant: User, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(len(expected_counts(participant))):  # type: ignore[operator]
        export.build_zip(participant)


def test_the_task_writes_a_private_file_and_emails_a_link_that_only_the_owner_can_use(
    seeded: Enrolment, participant: User, second_participant: User, client: Client, media_root: Path
) -> None:
    item = DataExport.objects.create(user=participant)
    build_export(item.pk)
    item.refresh_from_db()
    assert item.status == DataExport.Status.READY
    # Under MEDIA_ROOT, in a random folder, never at a guessable name.
    path = media_root / item.path
    assert path.is_file()
    assert re.fullmatch(r"private/exports/[0-9a-f]{32}/stillpoint-data\.zip", item.path)
    assert deliver_queued_mail() == 1
    message = mail.outbox[-1]
    assert message.to == [participant.email]
    assert Delivery.objects.get(kind=Kind.DATA_EXPORT).recipient == participant
    link = re.search(r"https?://\S+(/your-data/download/\S+/)", message.body).group(1)
    assert link in message.alternatives[0][0]

    assert client.get(link)["Location"].startswith(reverse("account_login"))
    client.force_login(second_participant)
    assert client.get(link).status_code == 404
    client.force_login(participant)
    response = client.get(link)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert "practice_logs.csv" in open_zip(content).namelist()


def test_the_link_stops_working_after_seven_days_and_the_file_is_removed(
    seeded: Enrolment, participant: User, client: Client, media_root: Path
) -> None:
    item = DataExport.objects.create(user=participant)
    build_export(item.pk)
    deliver_queued_mail()
    link = re.search(r"https?://\S+(/your-data/download/\S+/)", mail.outbox[-1].body).group(1)
    client.force_login(participant)
    item.refresh_from_db()
    path = media_root / item.path
    with time_machine.travel(dt.timedelta(days=7, minutes=1)):
        assert client.get(link).status_code == 404
        from privacy.tasks import erase_due_accounts

        erase_due_accounts()
    assert not path.exists()
    item.refresh_from_db()
    assert item.status == DataExport.Status.EXPIRED


def test_a_tampered_link_is_refused(seeded: Enrolment, participant: User, client: Client) -> None:
    item = DataExport.objects.create(user=participant)
    build_export(item.pk)
    client.force_login(participant)
    assert (
        client.get(reverse("privacy:download", args=[f"{item.public_id}:abc"])).status_code == 404
    )


def test_asking_twice_while_it_is_prepared_makes_one_export(
    client: Client, participant: User, django_capture_on_commit_callbacks: object
) -> None:
    client.force_login(participant)
    with django_capture_on_commit_callbacks() as queued:  # type: ignore[operator]
        client.post(reverse("privacy:request_export"))
        client.post(reverse("privacy:request_export"))
    assert DataExport.objects.filter(user=participant).count() == 1
    assert len(queued) == 1


def test_asking_needs_a_signed_in_post(client: Client) -> None:
    response = client.post(reverse("privacy:request_export"))
    assert response["Location"].startswith(reverse("account_login"))
    assert not DataExport.objects.exists()


def test_request_export_is_reused_by_the_action(participant: User) -> None:
    first = actions.request_export(participant)
    assert actions.request_export(participant) == first
