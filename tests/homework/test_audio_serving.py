"""Audio served with byte ranges (so players can seek), to signed-in people only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, CohortRecording, Practice
from tests.support.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 40  # 10,240 bytes, each position recognisable


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    folder = tmp_path / "media" / "guidance" / "body-scan"
    folder.mkdir(parents=True)
    (folder / "45.opus").write_bytes(CONTENT)
    (tmp_path / "secret.opus").write_bytes(b"not yours")
    return tmp_path / "media"


URL = "/audio/guidance/body-scan/45.opus"


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_a_whole_file_says_it_accepts_ranges(pat: Client) -> None:
    response = pat.get(URL)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/ogg"
    assert response["Content-Length"] == str(len(CONTENT))
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-40", 10200, 10239),
        ("bytes=10200-99999", 10200, 10239),
    ],
)
def test_a_range_comes_back_as_206_partial_content(
    pat: Client, header: str, start: int, end: int
) -> None:
    response = pat.get(URL, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == CONTENT[start : end + 1]


def test_a_range_past_the_end_is_416_with_the_size(pat: Client) -> None:
    response = pat.get(URL, HTTP_RANGE="bytes=20000-20100")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize(
    "name",
    ["../secret.opus", "body-scan/../../secret.opus", "body-scan/45.json", "body-scan/none.opus"],
)
def test_nothing_outside_the_guidance_folder_or_of_another_type_is_served(
    pat: Client, name: str
) -> None:
    assert pat.get(f"/audio/guidance/{name}").status_code == 404


def test_an_encoded_traversal_is_not_served(pat: Client) -> None:
    assert pat.get("/audio/guidance/%2e%2e/secret.opus").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.fixture
def recording(cohort: Cohort, instructor: User) -> CohortRecording:
    item = CohortRecording(
        cohort=cohort,
        practice=Practice.objects.get(slug="body-scan"),
        content_type="audio/mpeg",
        extension="mp3",
        size=len(CONTENT),
        uploaded_by=instructor,
    )
    item.file.save("ignored.mp3", io.BytesIO(b"ID3" + CONTENT), save=False)
    item.save()
    return item


def test_a_recording_plays_with_ranges_for_its_cohort_and_instructor(
    pat: Client, recording: CohortRecording, instructor: User
) -> None:
    url = reverse("homework:recording_audio", args=[recording.public_id])
    response = pat.get(url, HTTP_RANGE="bytes=0-2")
    assert response.status_code == 206
    assert body(response) == b"ID3"
    teacher = Client()
    teacher.force_login(instructor)
    assert teacher.get(url).status_code == 200


def test_a_recording_is_hidden_from_other_cohorts_and_anonymous_people(
    client: Client, recording: CohortRecording, other_cohort: Cohort, other_instructor: User
) -> None:
    url = reverse("homework:recording_audio", args=[recording.public_id])
    assert client.get(url).status_code == 302
    stranger = UserFactory(email="elsewhere@example.org")
    EnrolmentFactory(cohort=other_cohort, participant=stranger)
    for person in (stranger, other_instructor):
        client.force_login(person)
        assert client.get(url).status_code == 404
