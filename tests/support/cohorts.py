"""Building cohorts and form data for tests."""

from __future__ import annotations

import datetime as dt
import random

from course.models import Cohort, Curriculum, Enrolment, Practice
from homework.models import CheckIn, PracticeLog
from tests.support.factories import EnrolmentFactory


def fill_cohort(cohort: Cohort, people: int, *, seed: int = 4) -> list[Enrolment]:
    """`people` participants, each with practice on most days of all eight weeks and check-ins."""
    rng = random.Random(seed)  # a fixed seed: the same data every run
    practices = list(Practice.objects.filter(category=Practice.Category.FORMAL))
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(people)]
    logs, check_ins = [], []
    for enrolment in enrolments:
        for offset in range(56):
            day = cohort.start_date + dt.timedelta(days=offset)
            if rng.random() < 0.7:
                logs.append(
                    PracticeLog(
                        enrolment=enrolment,
                        practice=rng.choice(practices),
                        practised_on=day,
                        minutes=rng.randint(5, 60),
                        shared_with_instructors=rng.random() < 0.3,
                        note=f"note {offset}",
                    )
                )
            if offset % 3 == 0:
                check_ins.append(
                    CheckIn(
                        enrolment=enrolment,
                        day=day,
                        pain=rng.randint(0, 10),
                        stress=rng.randint(0, 10),
                    )
                )
    PracticeLog.objects.bulk_create(logs)
    CheckIn.objects.bulk_create(check_ins)
    return enrolments


def cohort_data(curriculum: Curriculum, **changes: object) -> dict[str, object]:
    data = {
        "curriculum": curriculum.pk,
        "title": "Autumn evenings",
        "start_date": "2026-09-07",
        "time_zone": "Europe/London",
        "class_time": "18:30",
        "class_duration_minutes": "150",
        "location": "Quaker hall",
        "video_link": "",
        "orientation_date": "",
        "day_of_mindfulness": "2026-10-17",
        "capacity": "16",
        "completion_threshold": "6",
    }
    data.update(changes)
    return data


def practice_data(
    practice: Practice, day: dt.date, minutes: object = 30, **extra: object
) -> dict[str, object]:
    return {
        "practice": practice.pk,
        "minutes": minutes,
        "practised_on": day.isoformat(),
        "guided": "on",
        **extra,
    }
