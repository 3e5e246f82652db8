"""The dashboard and week pages: what a participant sees, and what it costs to show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course import freshness
from course.models import (
    ClassSession,
    Cohort,
    CurriculumWeek,
    Enrolment,
    Practice,
    Reading,
    WeekKind,
)
from homework.models import CheckIn, PracticeLog, ReadingDone

pytestmark = pytest.mark.django_db


def day(cohort: Cohort, week: int, offset: int) -> dt.date:
    return cohort.start_date + dt.timedelta(days=7 * (week - 1) + offset)


def add_logs(enrolment: Enrolment, count: int) -> None:
    """`count` logs spread over the course days before today."""
    cohort = enrolment.cohort
    practices = list(Practice.objects.filter(category="formal"))
    PracticeLog.objects.bulk_create(
        PracticeLog(
            enrolment=enrolment,
            practice=practices[i % len(practices)],
            practised_on=cohort.start_date + dt.timedelta(days=i % 15),
            minutes=5 + i % 40,
            note="n",
        )
        for i in range(count)
    )
    freshness.enrolments_changed([enrolment.pk])  # bulk_create sends no signals


def test_the_dashboard_shows_the_week_its_progress_in_words_and_the_next_class(
    pat: Client, participant: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    body_scan = Practice.objects.get(slug="body-scan")
    for offset in range(2):
        PracticeLog.objects.create(
            enrolment=enrolment, practice=body_scan, practised_on=day(cohort, 3, offset), minutes=45
        )
    page = pat.get(reverse("home")).content.decode()
    theme = CurriculumWeek.objects.get(
        curriculum=cohort.curriculum, kind=WeekKind.WEEK, number=3
    ).theme
    assert f"Week 3: {theme}" in page
    assert "2 of 6 days · 90 of 270 min" in page
    # Day 2 of week 3: the running week is judged on pace, not as if it were over.
    assert "On pace: 2 of 6 days so far, 6 days left" in page
    # The next class is shown on the participant's own clock.
    nxt = ClassSession.objects.filter(cohort=cohort, number=4, kind=WeekKind.WEEK).get()
    local = nxt.starts_at.astimezone(participant.zone)
    assert local.strftime("%H:%M") in page
    assert nxt.label in page


def test_the_privacy_notice_shows_until_the_participant_has_read_it(
    pat: Client, participant: User
) -> None:
    assert "Who sees what" in pat.get(reverse("home")).content.decode()
    assert pat.post(reverse("homework:privacy_seen")).status_code == 302
    assert "Who sees what" not in pat.get(reverse("home")).content.decode()
    participant.refresh_from_db()
    assert participant.privacy_notice_seen_at is not None


def test_marking_a_reading_as_read_and_back(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    reading = Reading.objects.get(
        week__curriculum=cohort.curriculum, week__kind=WeekKind.WEEK, week__number=3
    )
    url = reverse("homework:reading_done", args=[reading.pk])
    pat.post(url, {"done": "1"})
    pat.post(url, {"done": "1"})  # twice is still once
    assert ReadingDone.objects.filter(enrolment=enrolment).count() == 1
    assert "✓ Read" in pat.get(reverse("home")).content.decode()
    pat.post(url, {"done": "0"})
    assert not ReadingDone.objects.exists()


def test_the_chart_has_a_text_alternative_with_every_day(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="walking"),
        practised_on=cohort.start_date,
        minutes=33,
    )
    page = pat.get(reverse("home")).content.decode()
    assert 'role="img"' in page
    assert "Show the numbers as a table" in page
    assert "<td>33</td>" in page


def test_before_the_course_the_dashboard_points_to_orientation(
    client: Client, participant: User, cohort: Cohort
) -> None:
    cohort.start_date = dt.date.today() + dt.timedelta(days=10)  # noqa: DTZ011 - far enough from any zone edge
    cohort.orientation_date = cohort.start_date - dt.timedelta(days=20)
    cohort.day_of_mindfulness = None
    cohort.save()
    client.force_login(participant)
    page = client.get(reverse("home")).content.decode()
    assert "Before the course" in page
    assert reverse("homework:week", args=[0]) in page


def test_after_the_course_the_dashboard_looks_back(
    client: Client, participant: User, cohort: Cohort
) -> None:
    cohort.start_date = dt.date.today() - dt.timedelta(days=70)  # noqa: DTZ011
    cohort.orientation_date = cohort.start_date - dt.timedelta(days=7)
    cohort.day_of_mindfulness = None
    cohort.save()
    client.force_login(participant)
    assert "The course is complete" in client.get(reverse("home")).content.decode()


# Queries of each page with nothing cached (after a write) and with the person's fragments
# cached. The fixed part: session, user, current enrolment. Cold, the progress module's nine
# queries and what the fragments are drawn from; warm, only what stays live.
COLD = {"dashboard": 19, "week": 16, "progress": 12}
WARM = {"dashboard": 3, "week": 4, "progress": 3}


@pytest.mark.parametrize(
    "url",
    [reverse("home"), reverse("homework:week", args=[2]), reverse("homework:progress")],
    ids=["dashboard", "week", "progress"],
)
def test_page_query_counts_do_not_grow_with_the_number_of_logs(
    client: Client,
    participant: User,
    enrolment: Enrolment,
    second_participant: User,
    url: str,
    request: pytest.FixtureRequest,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = request.node.callspec.id
    client.force_login(participant)
    add_logs(enrolment, 1)
    CheckIn.objects.create(enrolment=enrolment, day=enrolment.cohort.start_date, pain=3, stress=4)
    client.get(url)  # warm caches (content types, sessions)
    add_logs(enrolment, 1)  # a write: nothing of this person's is cached now
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as one_warm:
        assert client.get(url).status_code == 200
    add_logs(enrolment, 298)
    add_logs(second_participant.enrolments.get(), 300)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as many_warm:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert len(many_warm) == len(one_warm), [q["sql"] for q in many_warm.captured_queries]
    # Warm, the dashboard reads live the questionnaire banner's instruments (up to 7 when one
    # is open: outcomes.selectors.open_questionnaires); today's check-in, new comments and
    # announcements are kept under the person's versions; the week page its
    # instructor's comments; the progress page nothing.
    assert len(one) <= COLD[page]
    assert len(one_warm) <= WARM[page]


def test_the_week_page_renders_instructor_markdown_safely(pat: Client, cohort: Cohort) -> None:
    week = CurriculumWeek.objects.get(curriculum=cohort.curriculum, kind=WeekKind.WEEK, number=2)
    week.readings.update(
        summary="**Kindness** first. <script>alert('x')</script> [more](https://example.org)"
    )
    page = pat.get(reverse("homework:week", args=[2])).content.decode()
    assert "<strong>Kindness</strong>" in page
    assert "<script>alert" not in page
    assert 'href="https://example.org"' in page


def test_a_finished_week_has_a_look_back(pat: Client, enrolment: Enrolment, cohort: Cohort) -> None:
    body_scan = Practice.objects.get(slug="body-scan")
    for offset in range(5):
        PracticeLog.objects.create(
            enrolment=enrolment, practice=body_scan, practised_on=day(cohort, 1, offset), minutes=45
        )
    CheckIn.objects.create(enrolment=enrolment, day=day(cohort, 1, 0), pain=5, stress=3)
    page = pat.get(reverse("homework:week", args=[1])).content.decode()
    assert "Looking back on week 1" in page
    assert "You practised on 5 days, 225 minutes in all (83% of what was suggested)" in page
    assert "Average pain 5.0, stress 3.0 over 1 check-in." in page
    assert (
        "Looking back" not in pat.get(reverse("homework:week", args=[3])).content.decode()
    )  # still running


def test_week_pages_exist_for_orientation_and_the_day_of_mindfulness(
    pat: Client, cohort: Cohort
) -> None:
    orientation = pat.get(reverse("homework:week", args=[0])).content.decode()
    assert "Orientation" in orientation
    retreat = pat.get(reverse("homework:day_of_mindfulness")).content.decode()
    assert "Day of mindfulness" in retreat
    session = ClassSession.objects.get(cohort=cohort, kind=WeekKind.RETREAT)
    assert session.starts_at.astimezone(cohort.zone).strftime("%-d %B") in retreat


def test_the_week_page_offers_the_guided_recording_and_its_transcript(
    pat: Client, cohort: Cohort, settings: object, tmp_path: object
) -> None:
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    body_scan = Practice.objects.get(slug="body-scan")
    body_scan.audio.save("body-scan.mp3", ContentFile(b"ID3"), save=False)
    body_scan.transcript = "Let your attention rest on the toes of the left foot."
    body_scan.save()
    page = pat.get(reverse("homework:week", args=[1])).content.decode()
    assert f'src="{body_scan.audio.url}"' in page
    assert 'aria-label="Guided recording: Body scan"' in page
    assert "toes of the left foot" in page
