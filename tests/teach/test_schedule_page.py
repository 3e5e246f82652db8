"""The schedule page: the next session on top with its attendance, one press for "the rest
present", earlier sessions below, most recent first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.actions import create_cohort
from course.models import Attendance, Cohort, Curriculum, Enrolment
from course.selectors import sessions_in_teaching_order
from tests.support.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _headings(page: str) -> list[str]:
    return re.findall(r'<h3 id="session-[^"]+">([^<]+)', page)


def test_the_next_class_comes_first_and_stays_on_top_on_its_day(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    class3 = cohort.sessions.get(kind="week", number=3)
    client.force_login(instructor)
    url = reverse("teach:schedule", args=[cohort.public_id])
    # The evening after class 3 has ended, the instructor still finds it on top to mark.
    with time_machine.travel(class3.ends_at + dt.timedelta(hours=1), tick=False):
        page = client.get(url).content.decode()
    headings = _headings(page)
    assert headings[0] == "Class 3"
    assert headings[1] == "Class 4"
    # Earlier sessions follow, the most recent first.
    earlier = headings[headings.index("Class 2") :]
    assert earlier[:3] == ["Class 2", "Class 1", "Orientation"]
    assert page.index("Next session") < page.index("Coming up") < page.index("Earlier sessions")
    # The next day class 4 is next.
    with time_machine.travel(class3.ends_at + dt.timedelta(days=1), tick=False):
        assert _headings(client.get(url).content.decode())[0] == "Class 4"


def test_a_cancelled_class_is_never_next(instructor: User, cohort: Cohort) -> None:
    class4 = cohort.sessions.get(kind="week", number=4)
    class4.is_cancelled = True
    class4.save()
    with time_machine.travel(class4.starts_at - dt.timedelta(hours=2), tick=False):
        order = sessions_in_teaching_order(cohort)
    assert order.next is not None
    assert order.next.number == 5
    assert order.later[0] == class4  # still listed, marked cancelled, after the next one


def test_next_is_the_local_day_across_a_dst_change(
    curriculum: Curriculum, instructor: User
) -> None:
    # New York's clocks go back on Sunday 1 November 2026, between class 1 (Tuesday 27 October)
    # and class 2 (Tuesday 3 November).
    cohort = create_cohort(
        curriculum=curriculum,
        title="Autumn",
        start_date=dt.date(2026, 10, 27),
        time_zone="America/New_York",
        instructors=[instructor],
    )
    class2 = cohort.sessions.get(kind="week", number=2)
    assert class2.starts_at.astimezone(cohort.zone).hour == 18  # local time kept over the change
    # 23:30 in New York on class 2's day is already the next day in UTC: still class 2's day.
    late = dt.datetime(2026, 11, 3, 23, 30, tzinfo=cohort.zone)
    assert late.astimezone(dt.UTC).date() == dt.date(2026, 11, 4)
    with time_machine.travel(late, tick=False):
        assert sessions_in_teaching_order(cohort).next == class2
    with time_machine.travel(late + dt.timedelta(hours=1), tick=False):
        order = sessions_in_teaching_order(cohort)
    assert order.next is not None
    assert order.next.number == 3


def test_attendance_is_taken_on_the_schedule_with_everyone_present_in_one_press(
    client: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    pat, robin = Enrolment.objects.filter(cohort=cohort).order_by("participant__email")
    class3 = cohort.sessions.get(kind="week", number=3)
    client.force_login(instructor)
    url = reverse("teach:schedule", args=[cohort.public_id])
    with time_machine.travel(class3.ends_at, tick=False):
        page = client.get(url).content.decode()
        action = reverse("teach:attendance", args=[cohort.public_id, class3.public_id])
        assert f'action="{action}"' in page
        assert "Mark the rest present" in page
        # Robin was away: ticked, and everyone else is marked present in the same press.
        response = client.post(
            action,
            {f"p-{robin.public_id}": "absent", "rest-present": "1", "return_to": "schedule"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"{url}#session-{class3.public_id}"
        assert dict(class3.attendance.values_list("enrolment_id", "status")) == {
            pat.pk: "present",
            robin.pk: "absent",
        }
        page = client.get(url).content.decode()
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', page)
    assert checked == ["present", "absent"]


def test_the_rest_present_leaves_other_cohorts_and_withdrawn_people_alone(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment, other_cohort: Cohort
) -> None:
    withdrawn = EnrolmentFactory(cohort=cohort, participant=UserFactory(email="w@example.org"))
    withdrawn.status = Enrolment.Status.WITHDRAWN
    withdrawn.save()
    EnrolmentFactory(cohort=other_cohort, participant=UserFactory(email="o@example.org"))
    session = cohort.sessions.get(kind="week", number=1)
    client.force_login(instructor)
    page_url = reverse("teach:attendance", args=[cohort.public_id, session.public_id])
    response = client.post(page_url, {"rest-present": "1", "return_to": "attendance"})
    assert response["Location"] == page_url
    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [
        (enrolment.pk, "present")
    ]


def test_marking_the_rest_present_is_refused_to_another_cohorts_instructor(
    client: Client, other_instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    session = cohort.sessions.get(kind="week", number=1)
    client.force_login(other_instructor)
    response = client.post(
        reverse("teach:attendance", args=[cohort.public_id, session.public_id]),
        {"rest-present": "1"},
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_an_empty_cohort_has_one_schedule_and_no_attendance_to_take(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    page = client.get(reverse("teach:schedule", args=[cohort.public_id])).content.decode()
    assert "Nobody has joined this cohort yet" in page
    assert "Mark the rest present" not in page
    assert page.count("Nobody has joined") == 1


@pytest.mark.parametrize("size", [2, 30])
def test_the_schedule_page_costs_the_same_queries_for_any_roster(
    client: Client,
    instructor: User,
    cohort: Cohort,
    size: int,
    django_assert_max_num_queries: object,
) -> None:
    for i in range(size):
        EnrolmentFactory(cohort=cohort, participant=UserFactory(email=f"p{i}@example.org"))
    client.force_login(instructor)
    url = reverse("teach:schedule", args=[cohort.public_id])
    client.get(url)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        page = client.get(url).content.decode()
    assert page.count('class="card attendance-row"') == size


def test_the_rest_present_keeps_every_mark_already_saved_or_ticked(
    client: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    pat, robin = Enrolment.objects.filter(cohort=cohort).order_by("participant__email")
    third = EnrolmentFactory(cohort=cohort, participant=UserFactory(email="sam@example.org"))
    session = cohort.sessions.get(kind="week", number=2)
    from course.actions import record_attendance

    record_attendance(session, {robin.pk: "excused"}, instructor)  # saved earlier
    client.force_login(instructor)
    url = reverse("teach:attendance", args=[cohort.public_id, session.public_id])
    # The form as a browser sends it: Robin's saved mark comes back checked, Sam is ticked away.
    client.post(
        url,
        {
            f"p-{robin.public_id}": "excused",
            f"p-{third.public_id}": "absent",
            "rest-present": "1",
        },
    )
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        pat.pk: "present",
        robin.pk: "excused",
        third.pk: "absent",
    }
    # A saved mark missing from the post (another instructor saved it meanwhile) is kept too.
    record_attendance(session, {pat.pk: "absent"}, instructor)
    client.post(url, {f"p-{third.public_id}": "absent", "rest-present": "1"})
    assert session.attendance.get(enrolment=pat).status == "absent"
    assert session.attendance.get(enrolment=robin).status == "excused"
