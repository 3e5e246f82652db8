"""The progress module: the numbers every page and e-mail shows, computed in bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment, Practice, Reading
from homework.models import CalendarEntry, CheckIn, PracticeLog, ReadingDone
from homework.progress import course_progress, week_progress

pytestmark = pytest.mark.django_db


def log(enrolment: Enrolment, slug: str, day: dt.date, minutes: int) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug=slug),
        practised_on=day,
        minutes=minutes,
    )


def day(cohort: Cohort, week: int, offset: int) -> dt.date:
    return cohort.start_date + dt.timedelta(days=7 * (week - 1) + offset)


def test_minutes_and_days_count_against_each_target(enrolment: Enrolment, cohort: Cohort) -> None:
    for offset in range(4):
        log(enrolment, "body-scan", day(cohort, 2, offset), 45)
    log(enrolment, "body-scan", day(cohort, 2, 0), 2)  # a second session the same day
    log(enrolment, "sitting-breath", day(cohort, 2, 1), 10)
    week = week_progress([enrolment], 2)[enrolment.pk]
    body_scan, sitting = week.assignments
    assert body_scan.summary == "4 of 6 days · 182 of 270 min"
    assert sitting.summary == "1 of 6 days · 10 of 60 min"
    assert week.minutes == 192
    assert week.days_practised == 4
    assert week.adherence == pytest.approx((182 + 10) / 330)


def test_alternating_practices_both_count_and_over_practice_is_capped(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    log(enrolment, "body-scan", day(cohort, 3, 0), 45)
    log(enrolment, "yoga-lying", day(cohort, 3, 1), 240)
    week = week_progress([enrolment], 3)[enrolment.pk]
    alternating, sitting = week.assignments
    assert alternating.minutes == 285
    assert alternating.days_practised == 2
    assert alternating.minutes_fraction == 1.0
    # Adherence caps the long yoga at its target so the missing sitting still shows.
    assert week.adherence == pytest.approx(270 / (270 + 90))
    assert sitting.minutes == 0


def test_own_mix_takes_any_formal_practice_but_not_informal(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    log(enrolment, "walking", day(cohort, 7, 0), 30)
    log(enrolment, "mountain", day(cohort, 7, 1), 20)
    log(enrolment, "breathing-space", day(cohort, 7, 2), 3)
    week = week_progress([enrolment], 7)[enrolment.pk]
    (own_mix,) = week.assignments
    assert own_mix.minutes == 50
    # Informal practice is kept in the log but counts in no formal figure.
    assert week.minutes == 50
    assert week.days_practised == 2


def test_logs_fall_into_the_week_of_their_local_date(enrolment: Enrolment, cohort: Cohort) -> None:
    log(enrolment, "body-scan", day(cohort, 1, 6), 45)  # last day of week 1
    log(enrolment, "body-scan", day(cohort, 2, 0), 30)  # first day of week 2
    log(enrolment, "body-scan", cohort.start_date - dt.timedelta(days=1), 20)  # before the course
    progress = course_progress([enrolment])[enrolment.pk]
    assert progress.weeks[1].minutes == 45
    assert progress.weeks[2].minutes == 30
    assert progress.minutes == 75


def test_readings_calendars_and_check_ins_are_counted(enrolment: Enrolment, cohort: Cohort) -> None:
    reading = Reading.objects.get(
        week__curriculum=cohort.curriculum, week__number=2, week__kind="week"
    )
    ReadingDone.objects.create(enrolment=enrolment, reading=reading)
    for offset in range(3):
        CalendarEntry.objects.create(
            enrolment=enrolment,
            kind=CalendarKind.PLEASANT,
            occurred_on=day(cohort, 2, offset),
            event="sun",
        )
    CheckIn.objects.create(
        enrolment=enrolment, day=day(cohort, 2, 0), pain=6, stress=4, sleep_quality=5
    )
    CheckIn.objects.create(enrolment=enrolment, day=day(cohort, 2, 1), pain=3, stress=5)
    week = week_progress([enrolment], 2)[enrolment.pk]
    assert (week.readings_done, week.readings_total) == (1, 1)
    assert week.calendar_expected == {"pleasant": 7}
    assert week.calendar_entries == {"pleasant": 3}
    assert (
        week.check_ins.count,
        week.check_ins.pain,
        week.check_ins.stress,
        week.check_ins.sleep,
    ) == (2, 4.5, 4.5, 5.0)


def test_a_week_counts_as_on_track_with_one_day_to_spare(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    for offset in range(5):
        log(enrolment, "body-scan", day(cohort, 1, offset), 45)
    progress = course_progress([enrolment], weeks=[1, 2])[enrolment.pk]
    assert progress.weeks[1].on_track
    assert not progress.weeks[2].on_track
    assert progress.weeks_on_track(up_to=2) == 1


def test_one_participant_never_sees_another_ones_minutes(
    enrolment: Enrolment, cohort: Cohort, second_participant: User
) -> None:
    other = second_participant.enrolments.get()
    log(other, "body-scan", day(cohort, 1, 0), 45)
    progress = course_progress([enrolment, other])
    assert progress[enrolment.pk].minutes == 0
    assert progress[other.pk].minutes == 45


def test_a_cohort_edit_to_its_targets_changes_the_maths(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    cohort.assignments.filter(week=1).update(target_minutes_per_day=30, target_days_per_week=5)
    log(enrolment, "body-scan", day(cohort, 1, 0), 30)
    assert (
        week_progress([enrolment], 1)[enrolment.pk].assignments[0].summary
        == "1 of 5 days · 30 of 150 min"
    )


def test_daily_minutes_fill_the_gaps_with_zero(enrolment: Enrolment, cohort: Cohort) -> None:
    log(enrolment, "body-scan", day(cohort, 1, 1), 20)
    log(enrolment, "walking", day(cohort, 1, 1), 10)
    course = course_progress([enrolment])[enrolment.pk]
    series = course.minutes_by_day(day(cohort, 1, 0), day(cohort, 1, 2))
    assert [m for _, m in series] == [0, 30, 0]


def test_two_hundred_enrolments_over_eight_weeks_take_a_fixed_number_of_queries(
    cohort: Cohort,
) -> None:
    body_scan = Practice.objects.get(slug="body-scan")

    def batch(count: int, logs_each: int) -> list[Enrolment]:
        people = User.objects.bulk_create(
            [User(email=f"p{count}-{i}@example.org") for i in range(count)]
        )
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(cohort=cohort, participant=p) for p in people]
        )
        PracticeLog.objects.bulk_create(
            PracticeLog(
                enrolment=e,
                practice=body_scan,
                practised_on=day(cohort, 1 + i % 8, i % 7),
                minutes=20,
            )
            for e in enrolments
            for i in range(logs_each)
        )
        return list(
            Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).select_related("cohort")
        )

    small, large = batch(2, 1), batch(200, 40)
    with CaptureQueriesContext(connection) as few:
        course_progress(small)
    with CaptureQueriesContext(connection) as many:
        result = course_progress(large)
    assert len(many) == len(few) <= 9
    assert len(result) == 200
    assert all(p.minutes == 40 * 20 for p in result.values())


def test_an_empty_batch_needs_no_query(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert course_progress([]) == {}


def test_it_refuses_weeks_outside_the_course(enrolment: Enrolment) -> None:
    with pytest.raises(ValueError, match="1-8"):
        course_progress([enrolment], weeks=[0])
