"""The instructor's page about one participant, from its cached fragments
(teach/participant_page.py): every write shows on the next view, people never mix, the forms'
tokens stay live, the access check and the access log still come first, and a page seen again
costs the same few queries however much the person shared."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.template.loader import get_template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessRecord, User
from course.models import Enrolment, Practice
from homework import actions, page_cache
from homework.models import CheckIn, InstructorComment, PracticeLog
from teach import participant_page
from tests.teach.test_participant_detail import share_many, week_cells

pytestmark = pytest.mark.django_db


def page_url(enrolment: Enrolment) -> str:
    return reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])


def view(client: Client, enrolment: Enrolment) -> str:
    response = client.get(page_url(enrolment))
    assert response.status_code == 200
    return response.content.decode()


def shared_log(enrolment: Enrolment, note: str, minutes: int = 20) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=enrolment.cohort.start_date,
        minutes=minutes,
        note=note,
        shared_with_instructors=True,
    )


@pytest.fixture
def robin(second_participant: User) -> Enrolment:
    return Enrolment.objects.select_related("cohort").get(participant=second_participant)


def test_a_new_log_and_check_in_show_on_the_next_view(
    signed_in: Client, enrolment: Enrolment
) -> None:
    view(signed_in, enrolment)  # the fragments are now cached
    shared_log(enrolment, "a quiet morning", minutes=27)
    html = view(signed_in, enrolment)
    assert "a quiet morning" in html
    assert week_cells(html, 1)[2].startswith("27 of ")
    CheckIn.objects.create(enrolment=enrolment, day=enrolment.cohort.start_date, pain=6, stress=3)
    assert week_cells(view(signed_in, enrolment), 1)[3:] == ["6.0", "3.0"]


def test_a_new_time_zone_of_the_participant_redraws_the_chart(
    signed_in: Client, enrolment: Enrolment, participant: User
) -> None:
    def chart_desc() -> str:
        found = re.search(r'<desc id="minutes-chart-desc">(.*?)</desc>', view(signed_in, enrolment))
        assert found is not None
        return found[1]

    # 23:30 in London is already tomorrow in Tokyo: the chart, drawn up to the participant's
    # own today, ends a day later there.
    late = dt.datetime.combine(participant.local_date(), dt.time(23, 30), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        participant.time_zone = "Europe/London"
        participant.save()
        london = chart_desc()
        participant.time_zone = "Asia/Tokyo"
        participant.save()
        tokyo = chart_desc()
        assert tokyo != london
        cache.clear()
        assert chart_desc() == tokyo  # what an uncached view draws


def test_sharing_and_unsharing_an_entry_show_on_the_next_view(
    signed_in: Client, enrolment: Enrolment
) -> None:
    log = shared_log(enrolment, "kept to myself at first")
    log.shared_with_instructors = False
    log.save()
    assert "kept to myself at first" not in view(signed_in, enrolment)
    log.shared_with_instructors = True
    log.save()
    assert "kept to myself at first" in view(signed_in, enrolment)
    log.shared_with_instructors = False
    log.save()
    assert "kept to myself at first" not in view(signed_in, enrolment)


def test_a_comment_a_reply_and_a_message_show_on_the_next_view(
    signed_in: Client, enrolment: Enrolment, instructor: User, participant: User
) -> None:
    log = shared_log(enrolment, "restless")
    view(signed_in, enrolment)
    comment = actions.add_comment(log, instructor, "Restless is fine: notice it.")
    assert "Restless is fine: notice it." in view(signed_in, enrolment)
    actions.reply(enrolment, participant, "Thank you, I will.", comment=comment)
    assert "Thank you, I will." in view(signed_in, enrolment)
    message = actions.send_message(enrolment, instructor, "How was the week?")
    assert "How was the week?" in view(signed_in, enrolment)
    actions.reply(enrolment, participant, "Calmer than the last.", thread=message)
    assert "Calmer than the last." in view(signed_in, enrolment)


def test_a_private_message_read_by_the_participant_shows_as_read_on_the_next_view(
    signed_in: Client, enrolment: Enrolment, instructor: User
) -> None:
    message = actions.send_message(enrolment, instructor, "A note for you")
    read_mark = re.compile(rf'id="message-{message.public_id}">\s*<p>.*? · read</span>')
    assert not read_mark.search(view(signed_in, enrolment))
    actions.read_thread(message)
    assert read_mark.search(view(signed_in, enrolment))


def test_a_comment_posted_from_the_cached_page_shows_next(
    signed_in: Client, enrolment: Enrolment
) -> None:
    log = shared_log(enrolment, "sleepy")
    view(signed_in, enrolment)
    html = view(signed_in, enrolment)  # from the cache
    token = re.search(
        rf'name="entry" value="log:{log.public_id}">\s*'
        r'<input type="hidden" name="submission_token" value="([^"]+)"',
        html,
    )
    assert token is not None
    url = reverse("teach:comment", args=[enrolment.cohort.public_id, enrolment.public_id])
    response = signed_in.post(
        url,
        {"entry": f"log:{log.public_id}", "text": "Sleepy counts.", "submission_token": token[1]},
    )
    assert response.status_code == 302
    assert InstructorComment.objects.filter(practice_log=log, text="Sleepy counts.").exists()
    assert "Sleepy counts." in view(signed_in, enrolment)


def test_the_forms_tokens_are_new_on_every_view_and_no_placeholder_is_left(
    signed_in: Client, enrolment: Enrolment, instructor: User
) -> None:
    actions.add_comment(shared_log(enrolment, "noted"), instructor, "Seen.")
    first, second = view(signed_in, enrolment), view(signed_in, enrolment)
    for html in (first, second):
        for placeholder in (
            page_cache.CSRF_PLACEHOLDER,
            page_cache.PATH_PLACEHOLDER,
            participant_page.COMMENT_TOKEN,
            participant_page.MESSAGE_TOKEN,
        ):
            assert placeholder not in html
    tokens = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')
    # The comment form and the reply form inside the cached fragment, the new message form.
    assert len(set(tokens.findall(first))) == 2
    assert not set(tokens.findall(first)) & set(tokens.findall(second))
    assert 'name="csrfmiddlewaretoken"' in second


def test_two_participants_pages_never_mix(
    signed_in: Client, enrolment: Enrolment, robin: Enrolment
) -> None:
    shared_log(enrolment, "words of Pat", minutes=41)
    shared_log(robin, "words of Robin", minutes=12)
    for _ in range(2):  # cold, then from the cache
        pat_page, robin_page = view(signed_in, enrolment), view(signed_in, robin)
        assert "words of Pat" in pat_page
        assert "words of Robin" not in pat_page
        assert "words of Robin" in robin_page
        assert "words of Pat" not in robin_page
        assert week_cells(pat_page, 1)[2].startswith("41 of ")
        assert week_cells(robin_page, 1)[2].startswith("12 of ")
        assert str(robin.public_id) not in pat_page
        assert str(enrolment.public_id) not in robin_page


def test_a_cached_page_is_still_refused_to_whoever_may_not_see_it(
    client: Client,
    instructor: User,
    enrolment: Enrolment,
    other_instructor: User,
    participant: User,
    second_participant: User,
) -> None:
    shared_log(enrolment, "only for my instructors")
    client.force_login(instructor)
    view(client, enrolment)  # cached now
    for who in (other_instructor, participant, second_participant):
        client.force_login(who)
        response = client.get(page_url(enrolment))
        assert response.status_code in (403, 404)
        assert "only for my instructors" not in response.content.decode()
    client.logout()
    assert client.get(page_url(enrolment)).status_code == 302


def test_every_view_is_recorded_even_from_the_cache(
    signed_in: Client, enrolment: Enrolment, instructor: User, participant: User
) -> None:
    for _ in range(3):
        view(signed_in, enrolment)
    assert (
        AccessRecord.objects.filter(
            subject=participant, viewer=instructor, what=AccessRecord.What.PARTICIPANT_PAGE
        ).count()
        == 3
    )


def test_a_page_seen_again_costs_the_same_queries_however_much_was_shared(
    signed_in: Client, enrolment: Enrolment, instructor: User, participant: User
) -> None:
    def warm_queries() -> int:
        view(signed_in, enrolment)
        view(signed_in, enrolment)  # whatever the first view after a write filled is kept now
        with CaptureQueriesContext(connection) as queries:
            view(signed_in, enrolment)
        return len(queries)

    little = warm_queries()
    share_many(enrolment.cohort, enrolment)
    for log in PracticeLog.objects.filter(enrolment=enrolment, shared_with_instructors=True)[:20]:
        comment = actions.add_comment(log, instructor, "Well noticed.")
        actions.reply(enrolment, participant, "Thanks.", comment=comment)
    for number in range(5):
        message = actions.send_message(enrolment, instructor, f"Message {number}")
        actions.reply(enrolment, participant, "Reply.", thread=message)
    # User, cohort, enrolment, the access-log insert (the session is cached).
    assert little == warm_queries() == 4


def test_every_template_a_fragment_includes_versions_its_key() -> None:
    # A deploy that edits any of them must miss every old fragment (participant_page._markup).
    for name in participant_page.TEMPLATES:
        source = get_template(name).template.source
        for included in re.findall(r'\{% include "([^"]+)"', source):
            assert included in participant_page.TEMPLATES, (name, included)
    module = Path(participant_page.__file__).read_text()
    rendered = set(re.findall(r'page_cache\.render\("([^"]+)"', module))
    assert rendered
    assert rendered <= set(participant_page.TEMPLATES)
