"""Every control on every participant page has a label, and every page has one main heading."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from course.models import CalendarKind, Enrolment, Practice
from homework.models import CalendarEntry, PracticeLog
from teach.actions import comment_and_tell, message_and_tell

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.h1 = 0
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])  # type: ignore[arg-type]
        elif tag == "h1":
            self.h1 += 1
        elif tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls.append({**a, "_wrapped": "yes" if self._label_depth else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1


def unlabelled(html: str) -> tuple[list[dict[str, str | None]], int]:
    parser = Controls()
    parser.feed(html)
    missing = [
        c
        for c in parser.controls
        if not (
            c.get("_wrapped")
            or c.get("aria-label")
            or (c.get("id") and c["id"] in parser.label_for)
        )
    ]
    return missing, parser.h1


def test_every_participant_page_labels_every_control(pat: Client, enrolment: Enrolment) -> None:
    day = enrolment.cohort.start_date
    log = PracticeLog.objects.create(
        enrolment=enrolment, practice=Practice.objects.first(), practised_on=day, minutes=5
    )
    entry = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.COMMUNICATION,
        occurred_on=day,
        event="x",
        shared_with_instructors=True,
    )
    instructor = enrolment.cohort.instructors.get()
    comment = comment_and_tell(entry, instructor, "Thank you.")
    private = message_and_tell(enrolment, instructor, "How are you?")
    urls = [
        reverse("home"),
        reverse("homework:log_practice"),
        reverse("homework:practice_list"),
        reverse("homework:edit_practice", args=[log.public_id]),
        reverse("homework:delete_practice", args=[log.public_id]),
        *[reverse("homework:week", args=[n]) for n in range(9)],
        reverse("homework:day_of_mindfulness"),
        *[reverse("homework:calendar_new", args=[k]) for k in CalendarKind.values],
        *[reverse("homework:calendar", args=[k]) for k in CalendarKind.values],
        reverse("homework:calendar_edit", args=[entry.public_id]),
        reverse("homework:check_in"),
        reverse("homework:progress"),
        reverse("notifications:preferences"),
        reverse("homework:inbox"),
        comment.get_absolute_url(),
        private.get_absolute_url(),
    ]
    for url in urls:
        response = pat.get(url)
        assert response.status_code == 200, url
        missing, headings = unlabelled(response.content.decode())
        assert missing == [], url
        assert headings == 1, url


def test_the_checker_notices_an_unlabelled_control() -> None:
    missing, _ = unlabelled(
        '<form><label for="a">A</label><input id="a"><input id="b" name="b"></form>'
    )
    assert [c["id"] for c in missing] == ["b"]
