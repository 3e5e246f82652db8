"""A participant's own cached fragments (homework/page_cache.py) on the dashboard, the week
page, the progress page and the practice list: every write shows on the next view, a new day or time zone is a new
key, nobody is ever shown someone else's, and the per-request parts stay live."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import unquote

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course.models import (
    ClassSession,
    Cohort,
    CohortAssignment,
    Enrolment,
    InformalHomework,
    Practice,
    Reading,
    WeekKind,
)
from homework.actions import add_comment
from homework.models import PracticeLog
from homework.page_cache import CSRF_PLACEHOLDER, PATH_PLACEHOLDER
from tests.support.cohorts import practice_data

pytestmark = pytest.mark.django_db

HOME = reverse("home")
PROGRESS = reverse("homework:progress")
PRACTICE = reverse("homework:practice_list")
CSRF = re.compile(r'name="(?:csrfmiddlewaretoken|submission_token)" value="[^"]+"')


def fragments(client: Client, url: str, **params: str) -> dict[str, str]:
    """The page's cached fragments as this view printed them (CSRF tokens, which are masked
    afresh on every request, left out)."""
    response = client.get(url, params)
    assert response.status_code == 200
    return {
        name: CSRF.sub("csrf", str(html)) for name, html in response.context["fragments"].items()
    }


def preselected(client: Client) -> int:
    """The practice the dashboard's log form has chosen."""
    page = client.get(HOME).content.decode()
    found = re.search(r'<option value="(\d+)" selected>', page)
    assert found is not None
    return int(found.group(1))


def uncached(client: Client, url: str, **params: str) -> dict[str, str]:
    """The same fragments rendered from nothing: what the cached ones must equal."""
    cache.clear()
    return fragments(client, url, **params)


def this_week(cohort: Cohort) -> int:
    week = cohort.current_week()
    assert week, "the fixture cohort is in its third week"
    return week


def week_url(cohort: Cohort) -> str:
    return reverse("homework:week", args=[this_week(cohort)])


def test_a_practice_logged_through_the_form_shows_on_every_page_at_the_next_view(
    pat: Client, participant: User, cohort: Cohort
) -> None:
    pages = (HOME, PROGRESS, PRACTICE, week_url(cohort))
    before = {url: fragments(pat, url) for url in pages}
    assert fragments(pat, HOME) == before[HOME]  # served from the cache
    body_scan = Practice.objects.get(slug="body-scan")
    response = pat.post(
        reverse("homework:log_practice"), practice_data(body_scan, participant.local_date(), 37)
    )
    assert response.status_code == 302
    for url in pages:
        after = fragments(pat, url)
        assert after != before[url], url
        assert after == uncached(pat, url), url
    assert "37 min" in fragments(pat, PRACTICE)["logs"]
    assert "Body scan · 37 min" in fragments(pat, week_url(cohort))["rest"]
    assert "37 of" in fragments(pat, HOME)["week"]


def test_a_check_in_shows_on_the_progress_chart_at_the_next_view(
    pat: Client, participant: User
) -> None:
    before = fragments(pat, PROGRESS)["body"]
    today = participant.local_date()
    response = pat.post(reverse("homework:check_in"), {"day": today, "pain": 7, "stress": 2})
    assert response.status_code == 302
    after = fragments(pat, PROGRESS)["body"]
    assert after != before
    assert "pain 7" in after
    assert after == uncached(pat, PROGRESS)["body"]


def test_a_calendar_entry_shows_in_the_dashboards_informal_practice(
    pat: Client, participant: User, cohort: Cohort
) -> None:
    homework = InformalHomework.objects.filter(
        week__curriculum=cohort.curriculum, week__kind=WeekKind.WEEK, week__number=this_week(cohort)
    ).exclude(calendar="")[0]
    before = fragments(pat, HOME)["homework"]
    assert f"0 of {homework.entries_expected} entries" in before
    response = pat.post(
        reverse("homework:calendar_new", args=[homework.calendar]),
        {
            "occurred_on": participant.local_date().isoformat(),
            "event": "Birdsong at dawn",
            "was_aware": "yes",
            "body": "Warm chest",
        },
    )
    assert response.status_code == 302
    after = fragments(pat, HOME)["homework"]
    assert f"1 of {homework.entries_expected} entries" in after
    assert after == uncached(pat, HOME)["homework"]


def test_a_reading_marked_read_shows_and_its_form_carries_this_requests_token_and_path(
    pat: Client, cohort: Cohort
) -> None:
    reading = Reading.objects.filter(
        week__curriculum=cohort.curriculum, week__kind=WeekKind.WEEK, week__number=this_week(cohort)
    ).first()
    assert reading is not None
    assert "✓ Read" not in fragments(pat, HOME)["homework"]
    response = pat.post(reverse("homework:reading_done", args=[reading.pk]), {"done": "1"})
    assert response.status_code == 302
    page = pat.get(HOME)
    body = page.content.decode()
    assert "✓ Read" in str(page.context["fragments"]["homework"])
    # The placeholders are filled in on every view: the session's own token, the page's path.
    assert CSRF_PLACEHOLDER not in body
    assert PATH_PLACEHOLDER not in body
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert tokens
    assert all(len(token) == 64 for token in tokens)
    assert '<input type="hidden" name="next" value="/">' in body
    # And the form works with the token it was given.
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = pat.cookies
    done = csrf_client.post(
        reverse("homework:reading_done", args=[reading.pk]),
        {"done": "0", "csrfmiddlewaretoken": tokens[-1]},
    )
    assert done.status_code == 302


def test_a_target_changed_by_the_instructor_shows_on_the_next_dashboard(
    pat: Client, cohort: Cohort
) -> None:
    before = fragments(pat, HOME)["week"]
    target = CohortAssignment.objects.filter(cohort=cohort, week=this_week(cohort)).first()
    assert target is not None
    target.target_minutes_per_day = 33
    target.save()
    after = fragments(pat, HOME)["week"]
    assert after != before
    assert "33 min a day" in after
    assert after == uncached(pat, HOME)["week"]


def test_a_curriculum_edit_shows_on_the_next_dashboard(pat: Client, cohort: Cohort) -> None:
    reading = Reading.objects.filter(
        week__curriculum=cohort.curriculum, week__kind=WeekKind.WEEK, week__number=this_week(cohort)
    ).first()
    assert reading is not None
    fragments(pat, HOME)
    reading.title = "A newly titled chapter"
    reading.save()
    assert "A newly titled chapter" in fragments(pat, HOME)["homework"]


def test_a_cancelled_class_leaves_the_next_class_at_the_next_view(
    pat: Client, cohort: Cohort
) -> None:
    upcoming = ClassSession.objects.filter(
        cohort=cohort, is_cancelled=False, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    first, second = upcoming[0], upcoming[1]
    assert f"<strong>{first.label}</strong>" in pat.get(HOME).content.decode()
    first.is_cancelled = True
    first.save()
    page = pat.get(HOME).content.decode()
    assert f"<strong>{first.label}</strong>" not in page
    assert f"<strong>{second.label}</strong>" in page


def test_the_week_pages_reading_form_comes_back_to_the_week_and_new_comments_show_live(
    pat: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    url = week_url(cohort)
    page = pat.get(url).content.decode()
    assert f'<input type="hidden" name="next" value="{url}">' in page
    assert PATH_PLACEHOLDER not in page
    log = PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date + dt.timedelta(days=15),
        minutes=20,
        note="Restless",
        shared_with_instructors=True,
    )
    pat.get(url)  # cached again, with the log
    add_comment(log, instructor, "Restless is fine.")
    assert "Restless is fine." in pat.get(url).content.decode()


def test_a_day_of_mindfulness_moved_shows_at_the_next_view(pat: Client, cohort: Cohort) -> None:
    url = reverse("homework:day_of_mindfulness")
    retreat = ClassSession.objects.get(cohort=cohort, kind=WeekKind.RETREAT)
    before = fragments(pat, url)["top"]
    retreat.starts_at += dt.timedelta(days=1)
    retreat.save()
    after = fragments(pat, url)["top"]
    assert after != before
    assert after == uncached(pat, url)["top"]


def test_the_next_day_is_judged_afresh(pat: Client, participant: User, cohort: Cohort) -> None:
    noon = dt.datetime.combine(participant.local_date(), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=False):
        today = fragments(pat, HOME)
    with time_machine.travel(noon + dt.timedelta(days=1), tick=False):
        tomorrow = fragments(pat, HOME)
        assert tomorrow["week"] != today["week"]  # one day fewer left in the week
        assert tomorrow["chart"] != today["chart"]  # one bar more
        assert tomorrow == uncached(pat, HOME)


def test_a_new_time_zone_is_a_new_key(pat: Client, participant: User) -> None:
    # 23:30 in London is already tomorrow in Tokyo: the chart ends a day later there.
    late = dt.datetime.combine(participant.local_date(), dt.time(23, 30), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        participant.time_zone = "Europe/London"
        participant.save()
        london = fragments(pat, PROGRESS)["body"]
        participant.time_zone = "Asia/Tokyo"
        participant.save()
        tokyo = fragments(pat, PROGRESS)["body"]
        assert tokyo != london
        assert tokyo == uncached(pat, PROGRESS)["body"]


def test_a_new_time_zone_on_the_same_day_shows_times_in_it(pat: Client, participant: User) -> None:
    # The same local day in London and Paris, but the day of mindfulness starts an hour apart.
    url = reverse("homework:day_of_mindfulness")
    noon = dt.datetime.combine(participant.local_date(), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=False):
        participant.time_zone = "Europe/London"
        participant.save()
        london = fragments(pat, url)["top"]
        participant.time_zone = "Europe/Paris"
        participant.save()
        paris = fragments(pat, url)["top"]
        assert paris != london
        assert paris == uncached(pat, url)["top"]


def test_two_people_of_one_cohort_on_one_day_never_see_each_others_fragments(
    client: Client, participant: User, second_participant: User, cohort: Cohort
) -> None:
    pats = Enrolment.objects.get(participant=participant)
    PracticeLog.objects.create(
        enrolment=pats,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=participant.local_date(),
        minutes=41,
        note="Only mine",
    )
    pages = (HOME, PROGRESS, PRACTICE, week_url(cohort))
    client.force_login(participant)
    pat_pages = {url: fragments(client, url) for url in pages}
    assert "41 min" in pat_pages[PRACTICE]["logs"]
    assert "41 min" in pat_pages[week_url(cohort)]["rest"]
    client.force_login(second_participant)
    for url in pages:
        robin = fragments(client, url)
        assert robin != pat_pages[url], url
        assert robin == uncached(client, url), url
    robin_list = fragments(client, PRACTICE)["logs"]
    assert "Only mine" not in robin_list
    assert "41 min" not in robin_list
    assert "41 min" not in fragments(client, week_url(cohort))["rest"]
    assert "Nothing logged yet" in robin_list


def test_each_practice_page_is_its_own_key_and_an_edit_shows_on_the_next_view(
    pat: Client, participant: User, cohort: Cohort
) -> None:
    enrolment = Enrolment.objects.get(participant=participant)
    body_scan = Practice.objects.get(slug="body-scan")
    logs = [
        PracticeLog.objects.create(
            enrolment=enrolment,
            practice=body_scan,
            practised_on=cohort.start_date + dt.timedelta(days=i % 10),
            minutes=10,
        )
        for i in range(60)
    ]
    first = fragments(pat, PRACTICE)["logs"]
    older = re.search(r'href="\?before=([^"]+)">Older practice', first)
    assert older is not None
    cursor = unquote(older.group(1))
    second = fragments(pat, PRACTICE, before=cursor)["logs"]
    assert second != first
    assert len(re.findall(r'<li class="card">', second)) == 10
    oldest = min(logs, key=lambda log: (log.practised_on, log.created_at, log.public_id))
    oldest.minutes = 17
    oldest.save()
    assert "17 min" in fragments(pat, PRACTICE, before=cursor)["logs"]
    assert fragments(pat, PRACTICE, before=cursor) == uncached(pat, PRACTICE, before=cursor)


def test_cached_pages_cost_fewer_queries_and_the_same_whatever_the_history(
    pat: Client, participant: User, cohort: Cohort
) -> None:
    enrolment = Enrolment.objects.get(participant=participant)
    body_scan = Practice.objects.get(slug="body-scan")

    def counts(url: str) -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            assert pat.get(url).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert pat.get(url).status_code == 200
        return len(cold), len(warm)

    pages = (HOME, PROGRESS, PRACTICE, week_url(cohort))
    pat.get(HOME)  # content types, the session
    few = {url: counts(url) for url in pages}
    for i in range(120):
        PracticeLog.objects.create(
            enrolment=enrolment,
            practice=body_scan,
            practised_on=cohort.start_date + dt.timedelta(days=i % 15),
            minutes=5,
        )
    many = {url: counts(url) for url in pages}
    assert many == few
    # Warm: the user, the enrolment (the session is cached), and what each page reads live
    # (the dashboard: the questionnaire banner; today's check-in, new comments and the
    # announcements are kept under the person's versions; the week page: its instructor's
    # comments).
    assert few[HOME][1] == 3
    assert few[week_url(cohort)][1] == 3
    assert few[PROGRESS][1] == 2
    assert few[PRACTICE][1] == 2
    assert all(warm < cold for cold, warm in few.values())


def test_after_the_course_the_form_offers_the_practice_logged_last_even_when_cached(
    pat: Client, participant: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    cohort.start_date = participant.local_date() - dt.timedelta(days=70)
    cohort.orientation_date = cohort.start_date - dt.timedelta(days=7)
    cohort.day_of_mindfulness = None
    cohort.save()
    body_scan, walking = (Practice.objects.get(slug=s) for s in ("body-scan", "walking"))
    day = cohort.start_date + dt.timedelta(days=3)
    PracticeLog.objects.create(enrolment=enrolment, practice=body_scan, practised_on=day, minutes=9)
    assert preselected(pat) == body_scan.pk
    assert preselected(pat) == body_scan.pk  # cached
    later = day + dt.timedelta(days=1)
    PracticeLog.objects.create(enrolment=enrolment, practice=walking, practised_on=later, minutes=9)
    assert preselected(pat) == walking.pk


def test_a_renamed_practice_shows_in_the_dashboards_log_form_at_the_next_view(pat: Client) -> None:
    walking = Practice.objects.get(slug="walking")
    assert f'<option value="{walking.pk}">{walking.name}</option>' in pat.get(HOME).content.decode()
    walking.name = "Slow walking"
    walking.save()
    page = pat.get(HOME).content.decode()
    assert f'<option value="{walking.pk}">Slow walking</option>' in page


def test_every_template_a_fragment_includes_versions_its_key() -> None:
    # A deploy that edits any of them must miss every old fragment (page_cache._markup).
    from django.template.loader import get_template

    from homework.page_cache import TEMPLATES

    for name in TEMPLATES:
        source = get_template(name).template.source
        for included in re.findall(r'\{% include "([^"]+)"', source):
            assert included in TEMPLATES, (name, included)
        if "{% movement_notes" in source:
            assert "outcomes/_movement_notes.html" in TEMPLATES


def test_new_comments_and_todays_check_in_follow_every_write_though_kept_between_them(
    pat: Client, participant: User, enrolment: Enrolment, instructor: User, cohort: Cohort
) -> None:
    from homework.models import CalendarEntry
    from teach.actions import comment_and_tell, message_and_tell

    home = reverse("home")
    assert "Lovely noticing" not in pat.get(home).content.decode()  # kept from here on
    entry = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind="pleasant",
        occurred_on=cohort.start_date,
        event="tea",
        shared_with_instructors=True,
    )
    comment = comment_and_tell(entry, instructor, "Lovely noticing.")
    message = message_and_tell(enrolment, instructor, "How is the back?")
    page = pat.get(home).content.decode()
    assert "Lovely noticing." in page
    assert "How is the back?" in page
    # Read: gone at the next view (the replies' read marks are a bulk update, no signal).
    pat.post(reverse("homework:mark_read", args=[message.public_id]), {"kind": "message"})
    page = pat.get(home).content.decode()
    assert "How is the back?" not in page
    assert "Lovely noticing." in page
    # Opening the week's page reads its comments (a bulk update, no signal): gone next view.
    pat.get(reverse("homework:week", args=[comment.week]))
    assert "Lovely noticing." not in pat.get(home).content.decode()
    # A comment on an entry unshared afterwards never shows.
    later = comment_and_tell(entry, instructor, "One more thought.")
    assert "One more thought." in pat.get(home).content.decode()
    entry.shared_with_instructors = False
    entry.save()
    assert "One more thought." not in pat.get(home).content.decode()
    assert later.pk
    # Today's check-in, kept too, shows as soon as it is saved.
    assert "Change today&#x27;s check-in" not in pat.get(home).content.decode()
    from homework.models import CheckIn

    CheckIn.objects.create(enrolment=enrolment, day=participant.local_date(), pain=3, stress=4)
    page = pat.get(home).content.decode()
    assert "Change today" in page
    assert "Pain 3 · stress 4" in page


def test_the_kept_log_form_gets_a_fresh_submission_token_on_every_view(pat: Client) -> None:
    tokens = {
        re.search(r'name="submission_token" value="([^"]+)"', pat.get(HOME).content.decode()).group(
            1
        )  # type: ignore[union-attr]
        for _ in range(3)
    }
    assert len(tokens) == 3
    assert all(uuid.UUID(token) for token in tokens)


def test_announcements_on_the_dashboard_follow_sending_editing_dismissing_and_deleting(
    pat: Client, enrolment: Enrolment, instructor: User, cohort: Cohort
) -> None:
    from teach.actions import announce

    home = reverse("home")
    assert "Room change" not in pat.get(home).content.decode()  # kept from here on
    news = announce(cohort, instructor, subject="Room change", body="We meet upstairs.")
    assert "Room change" in pat.get(home).content.decode()
    news.subject = "Room change for class 3"
    news.save()
    assert "Room change for class 3" in pat.get(home).content.decode()
    pat.post(reverse("homework:dismiss_announcement", args=[news.public_id]))
    assert "Room change" not in pat.get(home).content.decode()
    later = announce(cohort, instructor, subject="Bring a blanket", body="For the retreat.")
    assert "Bring a blanket" in pat.get(home).content.decode()
    later.delete()
    assert "Bring a blanket" not in pat.get(home).content.decode()
