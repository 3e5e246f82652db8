"""An instructor's own recordings: type judged by content, size capped, cohort scoped."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, CohortRecording, Practice

pytestmark = pytest.mark.django_db

OGG = b"OggS\x00\x02" + b"\x00" * 200
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 200
M4A = b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 200
MP3_TAG = b"ID3\x04\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client: Client, cohort: Cohort, name: str, content: bytes, slug: str = "body-scan"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("teach:recordings", args=[cohort.public_id]),
        {
            "practice": Practice.objects.get(slug=slug).pk,
            "file": SimpleUploadedFile(name, content, content_type="audio/mpeg"),
        },
    )


@pytest.mark.parametrize(
    ("content", "kind", "ext"),
    [
        (OGG, "audio/ogg", "ogg"),
        (WAV, "audio/wav", "wav"),
        (M4A, "audio/mp4", "m4a"),
        (MP3_FRAME, "audio/mpeg", "mp3"),
        (MP3_TAG, "audio/mpeg", "mp3"),
    ],
)
def test_an_instructor_uploads_a_recording_typed_by_its_content(
    signed_in: Client,
    cohort: Cohort,
    instructor: User,
    media: Path,
    content: bytes,
    kind: str,
    ext: str,
) -> None:
    response = upload(signed_in, cohort, "anything.bin", content)
    assert response.status_code == 302
    recording = CohortRecording.objects.get()
    assert (recording.cohort, recording.uploaded_by, recording.practice.slug) == (
        cohort,
        instructor,
        "body-scan",
    )
    assert (recording.content_type, recording.extension) == (kind, ext)
    assert recording.file.name == f"recordings/{cohort.public_id}/{recording.public_id}.{ext}"
    assert (media / recording.file.name).read_bytes() == content
    page = signed_in.get(reverse("teach:recordings", args=[cohort.public_id]))
    assert reverse("homework:recording_audio", args=[recording.public_id]) in page.content.decode()


def test_a_renamed_text_file_is_refused_and_nothing_is_stored(
    signed_in: Client, cohort: Cohort, media: Path
) -> None:
    response = upload(
        signed_in, cohort, "practice.mp3", b"These are my notes, not a recording.\n" * 10
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert "not a recording we can play" in errors[0]
    assert "not a recording we can play" in response.content.decode()
    assert not CohortRecording.objects.exists()
    assert files_under(media) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    signed_in: Client,
    cohort: Cohort,
    media: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.STILLPOINT_RECORDING_MAX_BYTES = 100
    response = upload(signed_in, cohort, "long.ogg", OGG)
    assert response.status_code == 400
    assert "the limit is" in response.context["form"].errors["file"][0]
    assert not CohortRecording.objects.exists()
    assert files_under(media) == []


def test_another_cohorts_instructor_cannot_upload_list_or_remove(
    client: Client, cohort: Cohort, other_instructor: User, instructor: User, media: Path
) -> None:
    owner = Client()
    owner.force_login(instructor)
    upload(owner, cohort, "a.ogg", OGG)
    recording = CohortRecording.objects.get()
    client.force_login(other_instructor)
    assert client.get(reverse("teach:recordings", args=[cohort.public_id])).status_code == 404
    assert upload(client, cohort, "b.ogg", OGG).status_code == 404
    delete = reverse("teach:recording_delete", args=[cohort.public_id, recording.public_id])
    assert client.post(delete).status_code == 404
    assert CohortRecording.objects.count() == 1
    assert len(files_under(media)) == 1


def test_a_participant_cannot_upload(pat: Client, cohort: Cohort, media: Path) -> None:
    assert upload(pat, cohort, "a.ogg", OGG).status_code == 404
    assert not CohortRecording.objects.exists()
    assert files_under(media) == []


def test_anonymous_people_are_sent_to_sign_in(client: Client, cohort: Cohort) -> None:
    response = upload(client, cohort, "a.ogg", OGG)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not CohortRecording.objects.exists()


def test_removing_a_recording_deletes_its_file(
    signed_in: Client, cohort: Cohort, media: Path
) -> None:
    upload(signed_in, cohort, "a.ogg", OGG)
    recording = CohortRecording.objects.get()
    response = signed_in.post(
        reverse("teach:recording_delete", args=[cohort.public_id, recording.public_id])
    )
    assert response.status_code == 302
    assert not CohortRecording.objects.exists()
    assert files_under(media) == []
