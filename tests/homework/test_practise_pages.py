"""The practice library, practice pages, the player and the timer, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from course.models import CohortAssignment, CohortRecording, Enrolment, Practice
from course.texts import reading_for
from guidance.script import load_script
from guidance.tracks import practice_track, timer_track
from homework.models import PracticeLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def queued_timers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Timer tracks the pages asked a worker for (recorded, not sent: no worker runs here)."""
    queued: list[tuple[int, int]] = []
    monkeypatch.setattr("guidance.tasks.generate_timer.delay", lambda m, i=0: queued.append((m, i)))
    return queued


def fake_track(name: str, media: Path, duration: float = 60.0) -> None:
    """Files where a generated track would be: enough for a page to offer it (the real
    encoder is exercised in tests/guidance and by the browser tests)."""
    stem = media / name
    stem.parent.mkdir(parents=True, exist_ok=True)
    for ext in ("opus", "mp3"):
        stem.with_suffix(f".{ext}").write_bytes(b"OggS" + bytes(range(256)) * 8)
    stem.with_suffix(".json").write_text(json.dumps({"duration": duration, "segments": []}))


def every_slug() -> list[str]:
    from course.curriculum_data import PRACTICES

    return [p["slug"] for p in PRACTICES]


def test_the_library_puts_this_weeks_practices_first_and_informal_apart(
    pat: Client, enrolment: Enrolment
) -> None:
    week = 3  # the cohort fixture began fifteen days ago
    assigned = list(
        CohortAssignment.objects.filter(cohort=enrolment.cohort, week=week)
        .exclude(practice=None)
        .order_by("position")
        .values_list("practice__name", flat=True)
    )
    assert assigned, "week 3 assigns practices"
    response = pat.get(reverse("homework:practices"))
    html = response.content.decode()
    this_week = html.index("This week")
    informal = html.index("Informal practices")
    for name in assigned:
        assert this_week < html.index(name) < informal
    for practice in Practice.objects.filter(category=Practice.Category.INFORMAL):
        assert html.index(practice.name) > informal
    assert response.context["this_week"][0].name == assigned[0]


@pytest.mark.parametrize("slug", every_slug())
def test_every_practice_has_a_page_and_a_player_with_its_transcript(
    pat: Client, enrolment: Enrolment, slug: str
) -> None:
    practice = Practice.objects.get(slug=slug)
    script = load_script(slug)
    first_words = script.sections[0].cues[0].say
    page = pat.get(reverse("homework:practice", args=[slug]))
    assert page.status_code == 200
    assert first_words in page.content.decode()
    for minutes in script.lengths:
        assert reverse("homework:play", args=[slug, minutes]) in page.content.decode()
    player = pat.get(reverse("homework:play", args=[slug, script.lengths[0]]))
    assert player.status_code == 200
    body = player.content.decode()
    assert first_words in body
    assert practice.name in body
    assert 'name="submission_token"' in body


@pytest.mark.parametrize("slug", ["yoga-lying", "yoga-standing", "walking"])
def test_movement_pages_give_back_care_before_the_first_posture(
    pat: Client, slug: str, enrolment: Enrolment
) -> None:
    script = load_script(slug)
    html = pat.get(reverse("homework:practice", args=[slug])).content.decode()
    transcript = html[html.index('id="transcript-heading"') :]
    assert transcript.index("Looking after your back") < transcript.index(
        script.sections[0].heading
    )
    for adaptation in script.adaptations:
        assert escape(adaptation.easier) in html


def test_a_length_the_practice_does_not_offer_is_not_found(
    pat: Client, enrolment: Enrolment
) -> None:
    assert pat.get(reverse("homework:play", args=["body-scan", 7])).status_code == 404
    assert pat.get(reverse("homework:practice", args=["no-such-practice"])).status_code == 404


def test_until_a_track_exists_the_player_says_so_and_asks_for_the_bells(
    pat: Client, enrolment: Enrolment, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[int, int]] = []
    monkeypatch.setattr("guidance.tasks.generate_timer.delay", lambda m, i=0: queued.append((m, i)))
    body = pat.get(reverse("homework:play", args=["breathing-space", 3])).content.decode()
    assert "not ready yet" in body
    assert "<audio" not in body
    assert queued == [(3, 0)]
    # Reloading does not queue the same work again while it is under way.
    pat.get(reverse("homework:play", args=["breathing-space", 3]))
    assert queued == [(3, 0)]

    fake_track(timer_track(3, 0).name, media)
    response = pat.get(reverse("homework:play", args=["breathing-space", 3]))
    assert response.context["mode"] == "bells"
    assert "text-and-bells" in response.content.decode()
    assert response.context["form"].initial["guided"] is False


def test_the_guided_track_plays_opus_then_mp3_and_the_log_is_prefilled(
    pat: Client, enrolment: Enrolment, media: Path
) -> None:
    fake_track(practice_track("breathing-space", 3).name, media)
    response = pat.get(reverse("homework:play", args=["breathing-space", 3]))
    sources = response.context["sources"]
    assert [s["type"] for s in sources] == ['audio/ogg; codecs="opus"', "audio/mpeg"]
    assert all(s["url"].startswith("/audio/guidance/breathing-space/3.") for s in sources)
    # Without JavaScript the log form is simply there, under the audio (player.js hides it
    # until the session ends).
    body = response.content.decode()
    assert '<section class="card" id="log-panel"' in body
    assert body.index("<audio") < body.index('id="log-panel"')
    assert "js/player.js" in body
    initial = response.context["form"].initial
    assert initial["minutes"] == 3
    assert initial["guided"] is True
    assert initial["practice"] == Practice.objects.get(slug="breathing-space").pk


def test_the_same_session_saved_twice_writes_one_log(
    pat: Client, enrolment: Enrolment, media: Path
) -> None:
    fake_track(practice_track("breathing-space", 3).name, media)
    form = pat.get(reverse("homework:play", args=["breathing-space", 3])).context["form"]
    data = {
        "practice": form.initial["practice"],
        "minutes": 2,
        "practised_on": form.initial["practised_on"].isoformat(),
        "guided": "on",
        "submission_token": str(form.initial["submission_token"]),
        "next": "/",
    }
    for _ in range(2):
        assert pat.post(reverse("homework:log_practice"), data).status_code == 302
    log = PracticeLog.objects.get(enrolment=enrolment)
    assert (log.minutes, log.guided, log.practice.slug) == (2, True, "breathing-space")


def test_a_cohorts_own_recording_is_offered_before_the_generated_track(
    pat: Client, enrolment: Enrolment, instructor: User, media: Path
) -> None:
    fake_track(practice_track("body-scan", 45).name, media)
    recording = CohortRecording(
        cohort=enrolment.cohort,
        practice=Practice.objects.get(slug="body-scan"),
        content_type="audio/mpeg",
        extension="mp3",
        size=4,
        uploaded_by=instructor,
    )
    recording.file.save("x.mp3", __import__("io").BytesIO(b"ID3\x04"), save=False)
    recording.save()
    sources = pat.get(reverse("homework:play", args=["body-scan", 45])).context["sources"]
    assert sources[0]["url"] == reverse("homework:recording_audio", args=[recording.public_id])
    assert [s["type"] for s in sources[1:]] == ['audio/ogg; codecs="opus"', "audio/mpeg"]


def test_the_practice_page_shows_only_the_persons_own_history(
    pat: Client, enrolment: Enrolment, second_participant: User
) -> None:
    body_scan = Practice.objects.get(slug="body-scan")
    other = Enrolment.objects.get(participant=second_participant)
    today = enrolment.participant.local_date()
    PracticeLog.objects.create(
        enrolment=enrolment, practice=body_scan, minutes=33, practised_on=today
    )
    PracticeLog.objects.create(enrolment=other, practice=body_scan, minutes=17, practised_on=today)
    response = pat.get(reverse("homework:practice", args=["body-scan"]))
    assert [log.minutes for log in response.context["history"]] == [33]
    assert "17 min" not in response.content.decode()


def test_the_practice_page_query_count_does_not_grow_with_history(
    pat: Client,
    enrolment: Enrolment,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    body_scan = Practice.objects.get(slug="body-scan")
    today = enrolment.participant.local_date()
    url = reverse("homework:practice", args=["body-scan"])
    pat.get(url)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        pat.get(url)
    PracticeLog.objects.bulk_create(
        PracticeLog(enrolment=enrolment, practice=body_scan, minutes=5, practised_on=today)
        for _ in range(15)
    )
    with CaptureQueriesContext(connection) as many:
        pat.get(url)
    assert len(many) == len(few)


def test_the_timer_prepares_a_missing_track_and_offers_a_ready_one(
    pat: Client, enrolment: Enrolment, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[int, int]] = []
    monkeypatch.setattr("guidance.tasks.generate_timer.delay", lambda m, i=0: queued.append((m, i)))
    url = reverse("homework:timer")
    assert "<audio" not in pat.get(url).content.decode()  # nothing chosen yet: just the form
    body = pat.get(url, {"minutes": 12, "interval": 5}).content.decode()
    assert "Preparing" in body
    assert "Try again" in body
    assert queued == [(12, 5)]
    fake_track(timer_track(12, 5).name, media, duration=720)
    response = pat.get(url, {"minutes": 12, "interval": 5})
    assert [s["url"] for s in response.context["sources"]] == [
        "/audio/guidance/timer/12-every-5.opus",
        "/audio/guidance/timer/12-every-5.mp3",
    ]
    form = response.context["log_form"]
    first_assigned = (
        CohortAssignment.objects.filter(cohort=enrolment.cohort, week=3)
        .exclude(practice=None)
        .order_by("position")
        .first()
    )
    assert form.initial["practice"] == first_assigned.practice_id
    assert form.initial["guided"] is False


@pytest.mark.parametrize(
    "query", [{"minutes": 0}, {"minutes": 61}, {"minutes": "x"}, {"minutes": 10, "interval": 7}]
)
def test_a_bad_timer_choice_is_explained_next_to_its_field(
    pat: Client, enrolment: Enrolment, query: dict
) -> None:
    response = pat.get(reverse("homework:timer"), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "<audio" not in response.content.decode()


@pytest.mark.parametrize("number", range(0, 9))
def test_every_week_page_has_its_reading_to_read_with_the_books_as_further_reading(
    pat: Client, enrolment: Enrolment, number: int
) -> None:
    response = pat.get(reverse("homework:week", args=[number]))
    text = response.context["reading_text"]
    assert text is not None
    assert text.word_count >= 600
    body = response.content.decode()
    assert str(text.html())[:200] in body
    if response.context["readings"]:
        assert "Further reading" in body
        assert "Mark as read" in body


def test_the_day_of_mindfulness_has_its_reading(pat: Client, enrolment: Enrolment) -> None:
    response = pat.get(reverse("homework:day_of_mindfulness"))
    assert response.context["reading_text"] == reading_for("day-of-mindfulness")
    assert response.context["reading_text"].word_count >= 600


def test_the_dashboard_starts_the_weeks_main_practice_at_its_length(
    pat: Client, enrolment: Enrolment
) -> None:
    first = (
        CohortAssignment.objects.filter(cohort=enrolment.cohort, week=3)
        .exclude(practice=None)
        .select_related("practice")
        .order_by("position")
        .first()
    )
    lengths = load_script(first.practice.slug).lengths
    expected = min(lengths, key=lambda n: (abs(n - first.target_minutes_per_day), n))
    body = pat.get("/").content.decode()
    url = reverse("homework:play", args=[first.practice.slug, expected])
    assert f'href="{url}"' in body
    assert body.index(url) < body.index(reverse("homework:log_practice"))


@pytest.mark.parametrize(
    "url",
    [
        "/practices/",
        "/practices/timer/",
        "/practices/body-scan/",
        "/practices/body-scan/45/play/",
        "/practices/timer/?minutes=10&interval=5",
    ],
)
def test_practice_pages_send_anonymous_people_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    ["/practices/", "/practices/timer/", "/practices/body-scan/", "/practices/body-scan/45/play/"],
)
def test_practice_pages_send_people_without_a_course_home(
    client: Client, outsider: User, url: str
) -> None:
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/"
