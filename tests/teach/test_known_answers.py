"""A known-answer cohort: ten people in ten time zones, a hand-written fortnight of practice, and
every figure worked out by hand and written out below, checked on every page, file and e-mail.

The course starts on Monday 2 March 2026 in London, classes at 18:30. Week 1 asks 45 minutes of
body scan on 6 days (270 min); week 2 the same plus 10 minutes of sitting on 6 days (330 min).
Class 3 moves from Monday 16 to Tuesday 17 March; class 4 is cancelled. Gus withdraws; Fay joins
on 10 March (week 2); Hal completes the course (threshold 2: classes 1, 2 and 8).
Adherence caps each target at its minutes; percentages round to whole numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.actions import create_cohort, record_attendance
from course.models import Curriculum, Enrolment, Practice
from homework.models import PracticeLog
from notifications.due import summary_due
from teach.actions import reschedule_and_tell
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import run_tick

pytestmark = pytest.mark.django_db

START = dt.date(2026, 3, 2)

# name: (zone, {date: [(practice, minutes), ...]})
SCHEDULE: dict[str, tuple[str, dict[str, list[tuple[str, int]]]]] = {
    "Ana": (
        "Europe/London",
        {
            **{f"2026-03-0{d}": [("body-scan", 45)] for d in range(2, 8)},
            **{f"2026-03-{d}": [("body-scan", 45), ("sitting-breath", 10)] for d in range(9, 15)},
        },
    ),
    # Two logs on one day count as one day of practice.
    "Ben": (
        "America/Los_Angeles",
        {
            "2026-03-03": [("body-scan", 20), ("body-scan", 25)],
            "2026-03-04": [("body-scan", 45)],
            "2026-03-05": [("body-scan", 45)],
        },
    ),
    # Cai's Monday log is made at 23:30 in Honolulu (Tuesday 09:30 in London): it is Monday's.
    "Cai": (
        "Pacific/Honolulu",
        {
            "2026-03-02": [("body-scan", 45)],
            "2026-03-09": [("sitting-breath", 30)],
        },
    ),
    # Seven days of practice against six asked: "6 of 6 days (+1)", minutes capped at 270.
    "Dee": (
        "Pacific/Auckland",
        {
            **{f"2026-03-0{d}": [("body-scan", 45)] for d in range(2, 9)},
            **{f"2026-03-{d}": [("body-scan", 45)] for d in range(9, 15)},
        },
    ),
    # An informal breathing space counts in no formal figure.
    "Eli": (
        "Pacific/Fiji",
        {
            "2026-03-02": [("breathing-space", 3)],
            **{f"2026-03-0{d}": [("body-scan", 45)] for d in range(3, 7)},
        },
    ),
    # Joined on 10 March: week 1 is not hers to score.
    "Fay": (
        "Asia/Kolkata",
        {f"2026-03-{d}": [("body-scan", 45), ("sitting-breath", 10)] for d in range(10, 16)},
    ),
    "Gus": ("America/New_York", {f"2026-03-0{d}": [("body-scan", 45)] for d in range(2, 5)}),
    "Hal": (
        "Europe/Berlin",
        {
            **{f"2026-03-0{d}": [("body-scan", 45)] for d in range(2, 8)},
            **{f"2026-03-{d}": [("body-scan", 45)] for d in range(9, 15)},
        },
    ),
    "Ivy": (
        "Asia/Tokyo",
        {
            "2026-03-02": [("body-scan", 45)],
            "2026-03-03": [("body-scan", 45)],
            **{f"2026-03-{d}": [("body-scan", 45), ("sitting-breath", 10)] for d in (9, 10, 11)},
        },
    ),
    "Jon": (
        "America/Sao_Paulo",
        {
            **{f"2026-03-0{d}": [("body-scan", 45)] for d in range(2, 7)},
            **{f"2026-03-{d}": [("body-scan", 40)] for d in range(9, 15)},
        },
    ),
}

# Worked out by hand: name -> week -> (formal minutes, days of practice, adherence %).
EXPECTED = {
    "Ana": {1: (270, 6, 100), 2: (330, 6, 100)},
    "Ben": {1: (135, 3, 50), 2: (0, 0, 0)},
    "Cai": {1: (45, 1, 17), 2: (30, 1, 9)},
    "Dee": {1: (315, 7, 100), 2: (270, 6, 82)},
    "Eli": {1: (180, 4, 67), 2: (0, 0, 0)},
    "Fay": {1: None, 2: (330, 6, 100)},
    "Hal": {1: (270, 6, 100), 2: (270, 6, 82)},
    "Ivy": {1: (90, 2, 33), 2: (165, 3, 50)},
    "Jon": {1: (225, 5, 83), 2: (240, 6, 73)},
}
TARGETS = {1: (270, 6), 2: (330, 6)}
# Every log row each person has (the entries file lists informal practice too).
ENTRY_ROWS = {
    "Ana": 18,
    "Ben": 4,
    "Cai": 2,
    "Dee": 13,
    "Eli": 5,
    "Fay": 12,
    "Hal": 12,
    "Ivy": 8,
    "Jon": 11,
}
ENTRY_MINUTES = {
    "Ana": 600,
    "Ben": 135,
    "Cai": 75,
    "Dee": 585,
    "Eli": 183,
    "Fay": 330,
    "Hal": 540,
    "Ivy": 255,
    "Jon": 465,
}


def days_words(days: int, target: int) -> str:
    return (
        f"{target} of {target} days (+{days - target})"
        if days > target
        else f"{days} of {target} days"
    )


def days_cell(days: int, target: int) -> str:
    return f"{target}/{target} d +{days - target}" if days > target else f"{days}/{target} d"


@pytest.fixture
def known(curriculum: Curriculum, instructor: User) -> dict[str, Enrolment]:
    cohort = create_cohort(
        curriculum=curriculum,
        title="Known answers",
        start_date=START,
        time_zone="Europe/London",
        instructors=[instructor],
        completion_threshold=2,
    )
    practices = {p.slug: p for p in Practice.objects.all()}
    people = {}
    for name, (zone, days) in SCHEDULE.items():
        user = UserFactory(email=f"{name.lower()}@example.org", display_name=name, time_zone=zone)
        joined = (
            dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
            if name == "Fay"
            else dt.datetime(2026, 2, 23, 12, tzinfo=dt.UTC)
        )
        enrolment = EnrolmentFactory(cohort=cohort, participant=user, joined_at=joined)
        people[name] = enrolment
        for on, logs in days.items():
            if name == "Cai" and on == "2026-03-02":
                continue  # logged below through the form
            for slug, minutes in logs:
                PracticeLog.objects.create(
                    enrolment=enrolment, practice=practices[slug], practised_on=on, minutes=minutes
                )
    # Cai logs Monday 2 March's practice through the form at 23:30 in Honolulu.
    cai = Client()
    cai.force_login(people["Cai"].participant)
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC), tick=False):
        response = cai.post(
            reverse("homework:log_practice"),
            {"practice": practices["body-scan"].pk, "minutes": 45, "practised_on": "2026-03-02"},
        )
        # On her clock it is still Monday: Tuesday is a day that has not come yet.
        early = cai.post(
            reverse("homework:log_practice"),
            {"practice": practices["body-scan"].pk, "minutes": 45, "practised_on": "2026-03-03"},
        )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "That date is in the future" in early.content.decode()
    people["Gus"].withdraw()
    class3 = cohort.sessions.get(kind="week", number=3)
    reschedule_and_tell(
        class3, day=dt.date(2026, 3, 17), at=dt.time(18, 30), is_cancelled=False, note=""
    )
    class4 = cohort.sessions.get(kind="week", number=4)
    reschedule_and_tell(
        class4, day=dt.date(2026, 3, 23), at=dt.time(18, 30), is_cancelled=True, note=""
    )
    for number in (1, 2):
        record_attendance(
            cohort.sessions.get(kind="week", number=number),
            {e.pk: "present" for n, e in people.items() if n != "Gus"},
            instructor,
        )
    return people


def test_every_figure_agrees_with_the_hand_worked_answers(
    known: dict[str, Enrolment], client: Client, instructor: User
) -> None:
    cohort = known["Ana"].cohort
    # Tuesday 17 March, 08:00 in London: every zone's week 2 is over, class 3 is tonight.
    client.force_login(instructor)
    with time_machine.travel(dt.datetime(2026, 3, 17, 8, tzinfo=dt.UTC), tick=False):
        roster = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
        # The table's rows (the phone list above it shows the same people more briefly).
        roster = roster[roster.index('<table class="roster">') :]
        weeks_csv = b"".join(
            client.get(reverse("teach:export_weeks", args=[cohort.public_id])).streaming_content
        ).decode()
        entries_csv = b"".join(
            client.get(reverse("teach:export_entries", args=[cohort.public_id])).streaming_content
        ).decode()
        pages = {
            name: client.get(
                reverse("teach:participant", args=[cohort.public_id, e.public_id])
            ).content.decode()
            for name, e in known.items()
            if name != "Gus"
        }

    # The roster: one row per person still on the course, each week's cell as worked out.
    assert "Gus" not in roster
    for name, weeks in EXPECTED.items():
        row = roster[roster.index(f">{name}</a>") :]
        row = row[: row.index("</tr>")]
        cells = re.findall(r'data-week="(\d)">(.*?)</td>', row)
        for number in (1, 2):
            shown = dict(cells)[str(number)]
            if weeks[number] is None:
                assert "before joining" in shown
                continue
            minutes, days, percent = weeks[number]
            target_minutes, target_days = TARGETS[number]
            assert f"<strong>{percent}%</strong>" in shown, (name, number, shown)
            assert f"{days_cell(days, target_days)} · {minutes}/{target_minutes} min" in shown, (
                name,
                number,
                shown,
            )

    # The participant pages: the same figures in the week table.
    for name, weeks in EXPECTED.items():
        for number in (1, 2):
            if weeks[number] is None:
                assert "before joining" in pages[name]
                continue
            minutes, days, percent = weeks[number]
            assert f">{percent}%</td>" in pages[name], (name, number)
            assert f"<td>{days_cell(days, TARGETS[number][1])}</td>" in pages[name]
            assert f"<td>{minutes} of {TARGETS[number][0]}</td>" in pages[name]

    # The weekly file: nine people times eight weeks, weeks 1 and 2 as worked out.
    rows = list(csv.DictReader(io.StringIO(weeks_csv.removeprefix("\ufeff"))))
    assert len(rows) == 9 * 8
    for row in rows:
        name = row["participant_name"]
        number = int(row["week"])
        if number > 2:
            assert (row["minutes"], row["days_practised"]) == ("0", "0")
            continue
        expected = EXPECTED[name][number]
        if expected is None:
            assert row["minutes"] == "0"
            continue
        minutes, days, percent = expected
        assert (int(row["minutes"]), int(row["days_practised"]), row["adherence_percent"]) == (
            minutes,
            days,
            str(percent),
        ), (name, number)

    # The entries file: every log of everyone still on the course, informal ones included.
    entries = list(csv.DictReader(io.StringIO(entries_csv.removeprefix("\ufeff"))))
    by_name: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        by_name.setdefault(entry["participant_name"], []).append(entry)
    assert {n: len(r) for n, r in by_name.items()} == ENTRY_ROWS
    assert {n: sum(int(r["minutes"]) for r in rs) for n, rs in by_name.items()} == ENTRY_MINUTES
    cai_monday = [r for r in by_name["Cai"] if r["practised_on"] == "2026-03-02"]
    assert [(r["week"], r["minutes"]) for r in cai_monday] == [("1", "45")]

    # Week 2's summaries, at 07:00 on each person's own clock on Monday 16 March (one tick at
    # 17:30 UTC falls within every zone's day-long window): nine, none to Gus.
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 3, 16, 17, 30, tzinfo=dt.UTC), tick=False):
        run_tick()
    summaries = {m.to[0]: m for m in mail.outbox if "week 2 in review" in m.subject}
    assert set(summaries) == {f"{n.lower()}@example.org" for n in EXPECTED}
    for name, weeks in EXPECTED.items():
        minutes, days, percent = weeks[2]
        body = summaries[f"{name.lower()}@example.org"].body
        assert f"Formal practice: {minutes} minutes on {days_words(days, 6)}" in body, (
            name,
            body[:400],
        )
        if percent:
            assert f"({percent}% of the practice asked)" in body

    # The digest on the morning of the moved class 3 (Tuesday 17 March): week 2 as above, the
    # cancelled class 4 left out of the classes planned.
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 3, 17, 7, 0, 30, tzinfo=dt.UTC), tick=False):
        run_tick()
    (digest,) = [m for m in mail.outbox if "before class 3" in m.subject]
    for name, weeks in EXPECTED.items():
        minutes, days, percent = weeks[2]
        line = f"- {name}: {days_words(days, 6)} · {minutes} of 330 min ({percent}%)"
        assert line in digest.body, (line, digest.body)
    assert "Gus" not in digest.body
    assert "Classes held so far: 2 of 7." in digest.body

    # Cai's own pages say the same as her instructor's, on her clock.
    cai = Client()
    cai.force_login(known["Cai"].participant)
    with time_machine.travel(dt.datetime(2026, 3, 17, 8, tzinfo=dt.UTC), tick=False):
        week1 = cai.get(reverse("homework:week", args=[1])).content.decode()
        progress = cai.get(reverse("homework:progress")).content.decode()
        cai_home = cai.get(reverse("home")).content.decode()
        ana = Client()
        ana.force_login(known["Ana"].participant)
        ana_home = ana.get(reverse("home")).content.decode()
    # Week 3 has just begun for both: judged on pace; the finished weeks as worked out above.
    assert "on track in <strong>0 of 2 finished weeks</strong>" in cai_home
    assert "on track in <strong>2 of 2 finished weeks</strong>" in ana_home
    assert "On pace: 0 of 6 days so far" in ana_home
    assert "You practised on 1 day, 45 minutes in all" in week1
    assert "<td>1 of 6 days</td><td>45 of 270</td><td>17%</td>" in progress
    assert "<td>1 of 6 days</td><td>30 of 330</td><td>9%</td>" in progress


def test_the_completer_is_completed_and_still_gets_the_final_summary(
    known: dict[str, Enrolment], client: Client, instructor: User
) -> None:
    cohort = known["Ana"].cohort
    class8 = cohort.sessions.get(kind="week", number=8)
    with time_machine.travel(class8.ends_at, tick=False):
        record_attendance(
            class8,
            {e.pk: ("present" if n == "Hal" else "absent") for n, e in known.items() if n != "Gus"},
            instructor,
        )
    statuses = {n: Enrolment.objects.get(pk=e.pk).status for n, e in known.items()}
    # Hal: classes 1, 2 and 8; the others 1 and 2, also the threshold of 2.
    assert statuses["Hal"] == Enrolment.Status.COMPLETED
    assert statuses["Gus"] == Enrolment.Status.WITHDRAWN
    hal = known["Hal"].participant
    mail.outbox.clear()
    with time_machine.travel(
        summary_due(cohort, 8, hal.time_zone) + dt.timedelta(minutes=1), tick=False
    ):
        run_tick()
    assert [m for m in mail.outbox if m.to == [hal.email] and "week 8 in review" in m.subject]
    client.force_login(instructor)
    with time_machine.travel(summary_due(cohort, 8) + dt.timedelta(hours=1), tick=False):
        roster = client.get(reverse("teach:roster", args=[cohort.public_id])).content.decode()
        # The table's rows (the phone list above it shows the same people more briefly).
        roster = roster[roster.index('<table class="roster">') :]
    row = roster[roster.index(">Hal</a>") :]
    assert "Completed" in row[: row.index("</tr>")]
