"""Every page a participant, an instructor or a visitor can open, in Chromium at 390 px and
1,280 px: a screenshot of each, and the checks of issue 12's acceptance list.

- The pages come from the URL conf. Every pattern is either in PAGES (with the persona who opens
  it and, where its arguments can't be guessed, a concrete URL) or in EXCLUDED with a reason;
  `test_every_url_pattern_is_visited_or_excluded` fails otherwise, so a new page can't be
  forgotten. To add a page, add a line to PAGES: arguments named cohort, enrolment, session,
  invitation, slug, minutes, number, kind, time_point, reading_id (see ARGUMENTS) are filled in
  from the seeded world; give `url=` for anything else.
- Screenshots go to var/screenshots/<width>/<persona>-<page>.png (CI keeps them as artefacts).
- At 390 px nothing scrolls sideways and every interactive element is at least 44 x 44 px; at
  1,280 px every roster header and cell is inside the window; at both, axe-core finds nothing
  serious or critical (at 390 px in the system's dark mode too).

Each persona's pages are walked in one browser context per width, and every finding on every
page is reported together, so one run shows the whole list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from accounts.models import User
from course.actions import create_cohort
from course.invitations import make_token as invitation_token
from course.models import (
    Announcement,
    CalendarKind,
    ClassSession,
    Cohort,
    Curriculum,
    Enrolment,
    Invitation,
    Practice,
    Reading,
)
from homework import practising
from homework.models import CalendarEntry, CheckIn, InstructorComment, Message, PracticeLog
from notifications.signing import make_token as unsubscribe_token
from outcomes.models import TimePoint
from tests.support.browser import serious_violations, sign_in
from tests.support.cohorts import fill_cohort
from tests.support.every_page import roster_cells_outside, sideways_scroll, small_targets
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.intake import send_intake
from tests.support.outcomes import submitted

PHONE, DESKTOP = 390, 1280
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

PARTICIPANT, INSTRUCTOR, VISITOR = "participant", "instructor", "visitor"


# --- The seeded world every page is opened in ---------------------------------------------------


@dataclass
class World:
    """A cohort in its third week, with people, practice, shared entries, comments, an
    announcement, answered questionnaires and a pending invitation."""

    instructor: User
    participant: User
    cohort: Cohort
    enrolment: Enrolment
    session: ClassSession
    invitation: Invitation
    log: PracticeLog
    entry: CalendarEntry
    reading: Reading
    comment: InstructorComment  # with a reply from the participant
    message: Message  # a private message thread, with a reply
    guided: Practice  # a practice with a script, so it can be played
    extra: dict[str, Any] = field(default_factory=dict)


def seed_world(curriculum: Curriculum) -> World:
    instructor = UserFactory(
        email="teacher@example.org", display_name="Teacher", is_instructor=True
    )
    start = timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=15)
    cohort = create_cohort(
        curriculum=curriculum,
        title="Spring cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
        day_of_mindfulness=start + dt.timedelta(days=40),
    )
    participant = UserFactory(email="pat@example.org", display_name="Pat")
    enrolment = EnrolmentFactory(cohort=cohort, participant=participant)
    EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Robin"))
    fill_cohort(cohort, 10)  # a roster of a realistic size, with figures in every week so far

    call_command("load_instruments", stdout=StringIO())
    guided = next(p for p in Practice.objects.order_by("pk") if practising.lengths_of(p))
    logs = [
        PracticeLog.objects.create(
            enrolment=enrolment,
            practice=guided,
            practised_on=start + dt.timedelta(days=n),
            minutes=20 + n,
            guided=n % 2 == 0,
            note="The breath settled after a while; the knees complained." if n % 3 == 0 else "",
            shared_with_instructors=n % 3 == 0,
        )
        for n in range(0, 15)
    ]
    for n in range(0, 15, 2):
        CheckIn.objects.create(
            enrolment=enrolment,
            day=start + dt.timedelta(days=n),
            pain=(n * 3) % 11,
            stress=(n * 7) % 11,
            note="Slept badly." if n == 4 else "",
            shared_with_instructors=n == 4,
        )
    entry = None
    for kind in CalendarKind.values:
        entry = CalendarEntry.objects.create(
            enrolment=enrolment,
            kind=kind,
            occurred_on=start + dt.timedelta(days=8),
            event=f"A {kind} moment at the bus stop",
            body="Warm shoulders",
            feelings="Calm",
            shared_with_instructors=True,
        )
    assert entry is not None
    comment = InstructorComment.objects.create(
        enrolment=enrolment, week=1, author=instructor, practice_log=logs[0], text="Well noticed."
    )
    Message.objects.create(
        enrolment=enrolment,
        author=participant,
        from_participant=True,
        comment=comment,
        text="Thank you. The knees were easier on Thursday.",
    )
    message = Message.objects.create(
        enrolment=enrolment, author=instructor, text="How is the sitting going? No rush to answer."
    )
    Message.objects.create(
        enrolment=enrolment,
        author=participant,
        from_participant=True,
        thread=message,
        text="Better with the cushion higher.",
    )
    InstructorComment.objects.create(
        enrolment=enrolment,
        week=2,
        author=instructor,
        calendar_entry=entry,
        text="A kind way to meet a hard conversation.",
    )
    announcement = Announcement.objects.create(
        cohort=cohort,
        author=instructor,
        subject="Bring a blanket on Tuesday",
        body="We will lie down for the body scan. A cushion helps too.",
    )
    announcement.recipients.add(*cohort.enrolments.all())
    send_intake(enrolment)
    for slug, before, after in (("pain-bothersomeness", 7, 4), ("stress", 5, 6)):
        submitted(enrolment, slug, TimePoint.BASELINE, [before])
        submitted(enrolment, slug, TimePoint.END_OF_COURSE, [after])
    invitation = Invitation.objects.create(
        cohort=cohort, email="new@example.org", invited_by=instructor
    )
    session = cohort.sessions.filter(kind="week").order_by("starts_at").first()
    assert session is not None
    reading = Reading.objects.filter(week__curriculum=curriculum).first()
    assert reading is not None
    return World(
        instructor=instructor,
        participant=participant,
        cohort=cohort,
        enrolment=enrolment,
        session=session,
        invitation=invitation,
        log=logs[1],
        entry=entry,
        reading=reading,
        comment=comment,
        message=message,
        guided=guided,
    )


# URL arguments by name, filled in from the world for any page that doesn't give its own URL.
ARGUMENTS: dict[str, Callable[[World], object]] = {
    "cohort": lambda w: w.cohort.public_id,
    "enrolment": lambda w: w.enrolment.public_id,
    "enrolment_id": lambda w: w.enrolment.public_id,
    "session": lambda w: w.session.public_id,
    "invitation": lambda w: w.invitation.public_id,
    "slug": lambda w: w.guided.slug,
    "minutes": lambda w: practising.lengths_of(w.guided)[0],
    "number": lambda w: 1,
    "kind": lambda w: CalendarKind.PLEASANT,
    "time_point": lambda w: TimePoint.BASELINE,
    "reading_id": lambda w: w.reading.pk,
}


# --- The pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    persona: str
    label: str = ""  # tells apart several visits to one pattern (week 0, week 8…)
    url: Callable[[World], str] | None = None
    # Something to do in the page first (e.g. accept an invitation before the welcome page).
    prepare: Callable[[Page, str, World], None] | None = None


def _accept_invitation_first(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}/invite/{invitation_token(world.invitation)}/")
    page.get_by_role("button", name="Accept and create my account").click()


def _preview_announcement(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}{reverse('teach:announcements', args=[world.cohort.public_id])}")
    page.get_by_label("Only the participants I choose").check()
    page.get_by_label("Pat").check()
    page.get_by_label("Subject").fill("Quiet room")
    page.get_by_label("Message").fill(
        "The quiet room is free after class, for anyone who wants it."
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="To 1 participant").wait_for()


# Keyed by URL name ("namespace:name"), or by route for a pattern without a name.
PAGES: dict[str, list[Visit]] = {
    # Participant pages
    "home": [Visit(PARTICIPANT)],  # an instructor's is redirected to teach:home
    "homework:practices": [Visit(PARTICIPANT)],
    "homework:timer": [
        Visit(PARTICIPANT),
        Visit(
            PARTICIPANT, "chosen", lambda w: reverse("homework:timer") + "?minutes=10&interval=0"
        ),
    ],
    "homework:practice": [
        Visit(PARTICIPANT),
        Visit(PARTICIPANT, "unguided", lambda w: reverse("homework:practice", args=["walking"])),
    ],
    "homework:play": [Visit(PARTICIPANT)],
    "homework:practice_list": [Visit(PARTICIPANT)],
    "homework:log_practice": [Visit(PARTICIPANT)],
    "homework:edit_practice": [
        Visit(PARTICIPANT, url=lambda w: reverse("homework:edit_practice", args=[w.log.public_id]))
    ],
    "homework:delete_practice": [
        Visit(
            PARTICIPANT, url=lambda w: reverse("homework:delete_practice", args=[w.log.public_id])
        )
    ],
    "homework:week": [
        Visit(PARTICIPANT, f"{n}", lambda w, n=n: reverse("homework:week", args=[n]))  # type: ignore[misc]
        for n in (0, 1, 2, 3, 8)
    ],
    "homework:day_of_mindfulness": [Visit(PARTICIPANT)],
    "homework:calendar": [
        Visit(PARTICIPANT, k, lambda w, k=k: reverse("homework:calendar", args=[k]))  # type: ignore[misc]
        for k in CalendarKind.values
    ],
    "homework:calendar_new": [
        Visit(PARTICIPANT, k, lambda w, k=k: reverse("homework:calendar_new", args=[k]))  # type: ignore[misc]
        for k in CalendarKind.values
    ],
    "homework:calendar_edit": [
        Visit(
            PARTICIPANT, url=lambda w: reverse("homework:calendar_edit", args=[w.entry.public_id])
        )
    ],
    "homework:calendar_delete": [
        Visit(
            PARTICIPANT,
            url=lambda w: reverse("homework:calendar_delete", args=[w.entry.public_id]),
        )
    ],
    "homework:check_in": [Visit(PARTICIPANT)],
    "homework:announcements": [Visit(PARTICIPANT)],
    "homework:inbox": [Visit(PARTICIPANT)],
    "homework:comment_thread": [
        Visit(
            PARTICIPANT,
            url=lambda w: reverse("homework:comment_thread", args=[w.comment.public_id]),
        )
    ],
    "homework:message_thread": [
        Visit(
            PARTICIPANT,
            url=lambda w: reverse("homework:message_thread", args=[w.message.public_id]),
        )
    ],
    "homework:progress": [Visit(PARTICIPANT)],
    "homework:how_we_count": [Visit(PARTICIPANT), Visit(VISITOR)],
    "outcomes:list": [Visit(PARTICIPANT)],
    "outcomes:before_after": [Visit(PARTICIPANT)],
    "outcomes:questionnaire": [
        Visit(
            PARTICIPANT,
            tp,
            lambda w, tp=tp: reverse("outcomes:questionnaire", args=[w.enrolment.public_id, tp]),
        )  # type: ignore[misc]
        for tp in (TimePoint.INTAKE, TimePoint.BASELINE)
    ],
    "notifications:preferences": [Visit(PARTICIPANT), Visit(INSTRUCTOR)],
    "privacy:your_data": [Visit(PARTICIPANT), Visit(INSTRUCTOR)],
    "privacy:delete": [Visit(PARTICIPANT)],
    # Instructor pages
    "teach:home": [Visit(INSTRUCTOR)],
    "teach:cohort_create": [Visit(INSTRUCTOR)],
    "teach:outcomes_all": [Visit(INSTRUCTOR)],
    "teach:roster": [Visit(INSTRUCTOR)],
    "teach:cohort_edit": [Visit(INSTRUCTOR)],
    "teach:schedule": [Visit(INSTRUCTOR)],
    "teach:targets": [Visit(INSTRUCTOR)],
    "teach:clone": [Visit(INSTRUCTOR)],
    "teach:invitations": [Visit(INSTRUCTOR)],
    "teach:participant": [Visit(INSTRUCTOR)],
    "teach:attendance": [Visit(INSTRUCTOR)],
    "teach:recordings": [Visit(INSTRUCTOR)],
    "teach:intake": [Visit(INSTRUCTOR)],
    "teach:intake_detail": [Visit(INSTRUCTOR)],
    "teach:announcements": [
        Visit(INSTRUCTOR),
        Visit(INSTRUCTOR, "preview", prepare=_preview_announcement),
    ],
    "teach:outcomes": [Visit(INSTRUCTOR)],
    # Everyone's
    "privacy:notice": [Visit(VISITOR), Visit(PARTICIPANT)],
    "support:if_hard": [Visit(VISITOR), Visit(PARTICIPANT)],
    "support:movement": [Visit(VISITOR)],
    "invitation_accept": [
        Visit(
            VISITOR,
            url=lambda w: reverse("invitation_accept", args=[invitation_token(w.invitation)]),
        )
    ],
    # Before the welcome page: once an invitation is accepted, sign-up sends the browser there.
    "accounts/signup/": [Visit(VISITOR)],
    "notifications:welcome": [Visit(VISITOR, prepare=_accept_invitation_first)],
    "notifications:unsubscribe": [
        Visit(
            VISITOR,
            url=lambda w: reverse(
                "notifications:unsubscribe",
                args=[unsubscribe_token("daily", user_public_id=str(w.participant.public_id))],
            ),
        )
    ],
    # allauth's pages that people see (in the site's layout, templates/allauth/layouts/base.html)
    "account_login": [Visit(VISITOR)],
    "account_logout": [Visit(PARTICIPANT)],
    "account_reset_password": [Visit(VISITOR)],
    "account_reset_password_done": [Visit(VISITOR)],
    "account_change_password": [Visit(PARTICIPANT)],
    "account_email": [Visit(PARTICIPANT)],
    "mfa_index": [Visit(PARTICIPANT), Visit(INSTRUCTOR)],
    "mfa_list_webauthn": [Visit(INSTRUCTOR)],
}

_POST = "POST only: an action, not a page (its form is on a page above)"
_FILE = "a file download (CSV, audio or an export), not a page"
_KEY = "allauth internals: needs a key or a pending flow that no one reaches by navigating"
EXCLUDED: dict[str, str] = {
    "homework:privacy_seen": _POST,
    "homework:reading_done": _POST,
    "homework:dismiss_announcement": _POST,
    "homework:mark_read": _POST,
    "teach:message": _POST,
    "teach:invitation_resend": _POST,
    "teach:invitation_revoke": _POST,
    "teach:comment": _POST,
    "teach:recording_delete": _POST,
    "teach:outcome_settings": _POST,
    "privacy:request_export": _POST,
    "privacy:cancel_deletion": _POST,
    "homework:guidance_audio": _FILE,
    "homework:recording_audio": _FILE,
    "teach:export_all_outcomes": _FILE,
    "teach:export_weeks": _FILE,
    "teach:export_entries": _FILE,
    "teach:export_outcomes": _FILE,
    "privacy:download": _FILE,
    "account_signup": "shadowed: accounts/signup/ is our welcome signup, visited above",
    "account_inactive": "allauth internals: shown only to a deactivated account",
    "account_reauthenticate": _KEY,
    "account_request_reauthentication_code": _KEY,
    "account_confirm_reauthentication_code": _KEY,
    "account_email_verification_sent": _KEY,
    "account_set_password": "allauth internals: redirects anyone who has a password",
    "account_confirm_login_code": _KEY,
    "account_confirm_email": _KEY,
    "account_reset_password_from_key_done": _KEY,
    "account_reset_password_from_key": _KEY,
    "mfa_authenticate": _KEY,
    "mfa_reauthenticate": _KEY,
    "mfa_activate_totp": "allauth internals: asks to reauthenticate first (its own flow)",
    "mfa_deactivate_totp": _KEY,
    "mfa_view_recovery_codes": _KEY,
    "mfa_generate_recovery_codes": _KEY,
    "mfa_download_recovery_codes": _FILE,
    "mfa_add_webauthn": "allauth internals: asks to reauthenticate first (its own flow)",
    "mfa_reauthenticate_webauthn": _KEY,
    "mfa_remove_webauthn": "allauth internals: needs a registered security key",
    "mfa_edit_webauthn": "allauth internals: needs a registered security key",
    "mfa_login_webauthn": "allauth internals: the key ceremony's endpoint, driven by script",
}
EXCLUDED_PREFIXES = {
    "admin:": "the Django admin, for operators, styled by Django (tests/*/test_admin.py)",
    "admin/": "the admin's unnamed patterns (its old-style redirects)",
    "^media/": "uploaded files, served by Django only while debugging",
}


def url_patterns() -> list[tuple[str, str, URLPattern]]:
    """(key, route, pattern) for every pattern in the URL conf; key as in PAGES."""
    found: list[tuple[str, str, URLPattern]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                walk(entry, prefix + str(entry.pattern), ns)
            else:
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                found.append((name or route, route, entry))

    walk(get_resolver(), "", None)
    return found


def concrete_url(key: str, route: str, visit: Visit, world: World) -> str:
    if visit.url is not None:
        return visit.url(world)
    pattern = next(p for k, r, p in url_patterns() if k == key)
    names = list(pattern.pattern.converters)
    if key == route:  # an unnamed pattern: its route is its address
        assert not names, f"{key}: give Visit(url=...) for an unnamed pattern with arguments"
        return "/" + route
    missing = [n for n in names if n not in ARGUMENTS]
    assert not missing, f"{key}: no value for {missing}; add to ARGUMENTS or give Visit(url=...)"
    return reverse(key, kwargs={n: ARGUMENTS[n](world) for n in names})


def visits(persona: str) -> list[tuple[str, str, Visit]]:
    """(key, route, visit) for the persona's pages, in URL-conf order."""
    routes = {k: r for k, r, _ in url_patterns()}
    return [(k, routes[k], v) for k, vs in PAGES.items() for v in vs if v.persona == persona]


def test_every_url_pattern_is_visited_or_excluded() -> None:
    keys = [k for k, _, _ in url_patterns()]
    forgotten = [
        k
        for k in keys
        if k not in PAGES
        and k not in EXCLUDED
        and not any(k.startswith(p) for p in EXCLUDED_PREFIXES)
    ]
    assert forgotten == [], (
        f"Pages neither visited nor excluded: {forgotten}. Add each to PAGES (with its persona) "
        f"or to EXCLUDED (with a reason) in {__file__}"
    )
    stale = [k for k in [*PAGES, *EXCLUDED] if k not in keys]
    assert stale == [], f"Entries for patterns the URL conf no longer has: {stale}"
    both = [k for k in PAGES if k in EXCLUDED]
    assert both == []


def test_the_catalogue_check_would_notice_a_new_page() -> None:
    keys = {k for k, _, _ in url_patterns()}
    assert "teach:roster" in keys
    assert "homework:week" in keys
    assert any(k.startswith("admin:") for k in keys)
    assert "teach:roster" in PAGES  # and so removing it from PAGES fails the test above


# --- Walking the pages --------------------------------------------------------------------------


def _check_page(page: Page, width: int) -> list[str]:
    findings = [f"axe: {v}" for v in serious_violations(page)]
    if width == PHONE:
        findings += [f"scrolls sideways: {f}" for f in sideways_scroll(page)]
        findings += [f"small target: {f}" for f in small_targets(page)]
        # The system's dark mode (prefers-color-scheme) is the site's too: axe checks it again.
        page.emulate_media(color_scheme="dark")
        findings += [f"axe, dark mode: {v}" for v in serious_violations(page)]
        page.emulate_media(color_scheme="light")
    else:
        findings += [f"roster cell outside the window: {f}" for f in roster_cells_outside(page)]
    return findings


def walk(page: Page, base: str, world: World, persona: str, width: int) -> dict[str, list[str]]:
    """Open each of the persona's pages, screenshot it, and return the findings by page."""
    folder = SCREENSHOTS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{persona}-*.png"):  # a page that is gone leaves no stale picture
        old.unlink()
    report: dict[str, list[str]] = {}
    for key, route, visit in visits(persona):
        name = f"{persona}-{key.replace(':', '-').strip('/').replace('/', '-')}"
        if visit.label:
            name += f"-{visit.label}"
        if visit.prepare is not None:
            visit.prepare(page, base, world)
            url = page.url
        else:
            url = base + concrete_url(key, route, visit, world)
            response = page.goto(url)
            if response is None or response.status != 200:
                report[name] = [f"{url} answered {response.status if response else 'nothing'}"]
                continue
        if page.url.split("?")[0] != url.split("?")[0]:
            report[name] = [f"{url} redirected to {page.url}"]
            continue
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        findings = _check_page(page, width)
        if findings:
            report[name] = findings
    return report


def _format(report: dict[str, list[str]]) -> str:
    lines = [f"{len(report)} page(s) with findings:"]
    for name, findings in report.items():
        lines.append(f"  {name}:")
        lines += [f"    - {f}" for f in findings]
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("persona", [PARTICIPANT, INSTRUCTOR, VISITOR])
def test_every_page_passes_at_both_widths(
    browser: Browser, live_server: object, curriculum: Curriculum, persona: str, width: int
) -> None:
    world = seed_world(curriculum)
    base = live_server.url  # type: ignore[attr-defined]
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width == PHONE else 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        if persona != VISITOR:
            sign_in(page, base, world.participant if persona == PARTICIPANT else world.instructor)
            page.wait_for_url(lambda u: "/accounts/login/" not in u)
        report = walk(page, base, world, persona, width)
    finally:
        context.close()
    assert visits(persona), persona
    assert report == {}, _format(report)


@pytest.mark.browser
def test_the_probes_catch_what_they_look_for(page: Page) -> None:
    """Each check can fail: a small button, a table wider than a phone, a roster cell past the
    window's edge, poor contrast in dark mode only; and the exceptions are taken narrowly."""
    page.set_content(
        """<main>
        <button style="width:30px;height:20px">x</button>
        <p><a href="/a">Alone in a paragraph</a></p>
        <p style="width:120px"><a href="/w">A link that wraps onto two lines</a></p>
        <p>A sentence with <a href="/b">one link</a> and <a href="/c">another</a> in it.</p>
        <span class="visually-hidden" style="position:absolute;width:1px;height:1px;overflow:hidden">
          <a href="/d">hidden</a></span>
        <div><input type="checkbox" id="c"><label for="c" style="display:block;height:50px">Box</label></div>
        <table class="roster" style="width:1500px"><tr><th>Name</th><td>Flags</td></tr></table>
        </main>"""
    )
    found = small_targets(page)
    assert any('<button> "x" is 30x20 px' in f for f in found), found
    assert any("Alone in a paragraph" in f for f in found), found
    assert any("wraps onto two lines" in f for f in found), found
    assert not any("one link" in f or "another" in f or "hidden" in f for f in found), found
    assert not any("label of" in f for f in found), found  # its label is the 50 px target
    assert sideways_scroll(page)[0].startswith("scrollWidth 1")
    assert any("<td>" in f for f in roster_cells_outside(page))
    page.set_content(
        """<div style="overflow-x:auto;width:300px" class="roster-wrap">
        <table class="roster" style="width:600px"><tr><th>Name</th></tr></table></div>"""
    )
    assert "the roster scrolls in <div.roster-wrap>: 600 px in 300" in roster_cells_outside(page)
    page.set_content(
        """<html lang="en"><head><title>t</title><style>
        @media (prefers-color-scheme: dark) { p { color: #222; background: #000; } }
        </style></head><body><main><h1>Dark</h1><p>Grey on black in dark mode</p></main></body></html>"""
    )
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert any(v.startswith("color-contrast") for v in serious_violations(page))
    page.emulate_media(color_scheme="light")
    page.set_content("<main><p>Nothing wide</p></main>")
    assert sideways_scroll(page) == []
    assert roster_cells_outside(page) == []
