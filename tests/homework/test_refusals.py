"""Every participant URL refuses whoever should not reach it, the way they should be refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Announcement, CalendarKind, Enrolment, Practice, Reading
from homework.models import CalendarEntry, InstructorComment, Message, PracticeLog
from teach.actions import comment_and_tell, message_and_tell
from tests.support.factories import CohortFactory, CurriculumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(enrolment: Enrolment) -> dict[str, object]:
    """One private entry of each kind belonging to the participant."""
    day = enrolment.cohort.start_date
    log = PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=day,
        minutes=20,
        note="private",
    )
    entry = CalendarEntry.objects.create(
        enrolment=enrolment, kind=CalendarKind.PLEASANT, occurred_on=day, event="private"
    )
    shared = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.UNPLEASANT,
        occurred_on=day,
        event="shared",
        shared_with_instructors=True,
    )
    teacher = enrolment.cohort.instructors.first()
    assert teacher is not None
    announcement = Announcement.objects.create(
        cohort=enrolment.cohort, author=teacher, subject="Room change", body="private"
    )
    announcement.recipients.add(enrolment)
    return {
        "log": log,
        "entry": entry,
        "reading": Reading.objects.filter(week__curriculum=enrolment.cohort.curriculum).first(),
        "comment": comment_and_tell(shared, teacher, "a comment for Pat only"),
        "message": message_and_tell(enrolment, teacher, "a message for Pat only"),
        "announcement": announcement,
    }


# (url name, args from `own`, methods the view accepts)
PAGES = [
    ("home", [], {"GET"}),
    ("homework:practice_list", [], {"GET"}),
    ("homework:log_practice", [], {"GET", "POST"}),
    ("homework:edit_practice", ["log"], {"GET", "POST"}),
    ("homework:delete_practice", ["log"], {"GET", "POST"}),
    ("homework:week", [3], {"GET"}),
    ("homework:day_of_mindfulness", [], {"GET"}),
    ("homework:reading_done", ["reading"], {"POST"}),
    ("homework:calendar", ["pleasant"], {"GET"}),
    ("homework:calendar_new", ["pleasant"], {"GET", "POST"}),
    ("homework:calendar_edit", ["entry"], {"GET", "POST"}),
    ("homework:calendar_delete", ["entry"], {"GET", "POST"}),
    ("homework:check_in", [], {"GET", "POST"}),
    ("homework:progress", [], {"GET"}),
    ("notifications:preferences", [], {"GET", "POST"}),
    ("homework:privacy_seen", [], {"POST"}),
    ("homework:announcements", [], {"GET"}),
    ("homework:dismiss_announcement", ["announcement"], {"POST"}),
    ("homework:inbox", [], {"GET"}),
    ("homework:comment_thread", ["comment"], {"GET", "POST"}),
    ("homework:message_thread", ["message"], {"GET", "POST"}),
    ("homework:mark_read", ["message"], {"POST"}),
]
IDS = [name for name, _, _ in PAGES]
PRIVATE = {
    "homework:edit_practice",
    "homework:delete_practice",
    "homework:calendar_edit",
    "homework:calendar_delete",
}


def url_for(name: str, args: list[object], own: dict[str, object]) -> str:
    resolved = []
    for arg in args:
        obj = own.get(arg) if isinstance(arg, str) else None
        resolved.append(
            getattr(obj, "public_id", getattr(obj, "pk", None)) if obj is not None else arg
        )
    return reverse(name, args=resolved)


@pytest.mark.parametrize(("name", "args", "methods"), PAGES, ids=IDS)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, own: dict, name: str, args: list, methods: set
) -> None:
    url = url_for(name, args, own)
    method = "get" if "GET" in methods else "post"
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "args", "methods"), [p for p in PAGES if p[0] in PRIVATE], ids=sorted(PRIVATE)
)
def test_another_participant_gets_404_for_someone_elses_entry(
    client: Client, own: dict, second_participant: User, name: str, args: list, methods: set
) -> None:
    client.force_login(second_participant)
    url = url_for(name, args, own)
    assert client.get(url).status_code == 404
    assert client.post(url, {"minutes": 1, "event": "changed"}).status_code == 404
    assert PracticeLog.objects.filter(note="private", minutes=20).exists()
    assert CalendarEntry.objects.filter(event="private").exists()


def test_another_participant_never_sees_someone_elses_entries_in_lists(
    client: Client, own: dict, second_participant: User
) -> None:
    client.force_login(second_participant)
    for name, args in (
        ("homework:practice_list", []),
        ("homework:calendar", ["pleasant"]),
        ("homework:week", [1]),
    ):
        assert "private" not in client.get(reverse(name, args=args)).content.decode()


def test_a_reading_from_another_curriculum_is_404(
    client: Client, participant: User, own: dict
) -> None:
    client.force_login(participant)
    other = CohortFactory(curriculum=CurriculumFactory())
    week = other.curriculum.weeks.create(number=1, theme="t")
    foreign = Reading.objects.create(week=week, title="elsewhere")
    assert client.post(reverse("homework:reading_done", args=[foreign.pk])).status_code == 404


@pytest.mark.parametrize(("name", "args", "methods"), PAGES, ids=IDS)
def test_a_method_the_view_does_not_take_gets_405(
    client: Client, participant: User, own: dict, name: str, args: list, methods: set
) -> None:
    client.force_login(participant)
    url = url_for(name, args, own)
    for method in {"GET", "POST", "PUT", "DELETE"} - methods:
        assert getattr(client, method.lower())(url).status_code == 405, method


@pytest.mark.parametrize(
    ("name", "args", "methods"),
    [p for p in PAGES if "POST" in p[2]],
    ids=[p[0] for p in PAGES if "POST" in p[2]],
)
def test_a_post_without_the_csrf_token_gets_403(
    participant: User, own: dict, name: str, args: list, methods: set
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    assert client.post(url_for(name, args, own), {"minutes": 5}).status_code == 403


def test_someone_signed_in_without_a_course_is_sent_home(
    client: Client, outsider: User, own: dict
) -> None:
    client.force_login(outsider)
    response = client.get(reverse("homework:log_practice"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "not part of a cohort yet" in home


@pytest.mark.parametrize("number", [9, 42])
def test_a_week_outside_the_course_is_404(client: Client, participant: User, number: int) -> None:
    client.force_login(participant)
    assert client.get(reverse("homework:week", args=[number])).status_code == 404


def test_an_unknown_calendar_is_404(client: Client, participant: User) -> None:
    client.force_login(participant)
    assert client.get("/calendars/gratitude/").status_code == 404
    assert client.get("/calendars/gratitude/new/").status_code == 404


def test_a_withdrawn_participant_no_longer_reaches_course_pages(
    client: Client, participant: User, enrolment: Enrolment
) -> None:
    enrolment.withdraw()
    client.force_login(participant)
    assert client.get(reverse("homework:log_practice")).status_code == 302


# Someone else's conversation or announcement, by the methods each view takes.
THEIRS = [
    p
    for p in PAGES
    if p[0]
    in {
        "homework:dismiss_announcement",
        "homework:comment_thread",
        "homework:message_thread",
        "homework:mark_read",
    }
]


@pytest.mark.parametrize(("name", "args", "methods"), THEIRS, ids=[p[0] for p in THEIRS])
def test_another_participant_gets_404_for_someone_elses_conversation_or_announcement(
    client: Client, own: dict, second_participant: User, name: str, args: list, methods: set
) -> None:
    client.force_login(second_participant)
    url = url_for(name, args, own)
    for method in methods:
        response = getattr(client, method.lower())(url, {"text": "intruding", "kind": "message"})
        assert response.status_code == 404, method
    if "GET" in methods:
        inbox = client.get(reverse("homework:inbox")).content.decode()
        assert "for Pat only" not in inbox
    # Nothing was read, dismissed or added on the participant's behalf.
    assert not Message.objects.filter(text="intruding").exists()
    assert Message.objects.get(text="a message for Pat only").read_at is None
    assert InstructorComment.objects.get(text="a comment for Pat only").read_at is None
    assert not own["announcement"].dismissals.exists()


def test_every_participant_url_is_in_the_refusal_sweep() -> None:
    from homework import urls

    names = {f"homework:{p.name}" for p in urls.urlpatterns if p.name}
    # Open to everyone by design: the practice library, its audio and the counting rules.
    public = {
        "homework:practices",
        "homework:timer",
        "homework:practice",
        "homework:play",
        "homework:guidance_audio",
        "homework:how_we_count",
        # A cohort's own recording: its refusals are in test_audio_serving.py.
        "homework:recording_audio",
    }
    assert names - public - set(IDS) == set()
