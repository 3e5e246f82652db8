"""Practising in a real browser: the audio plays, the log is pre-filled from what was played,
and one tap saves it. Debian's Chromium, allowed to autoplay so the test can press play
without a gesture; real tracks made with Piper and soundfile (one minute each, for a shared CPU).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from course.models import Cohort, CohortAssignment, Practice
from guidance import audio, speech
from homework.models import PracticeLog
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.audio, pytest.mark.django_db(transaction=True)]

# Seconds of audio the page counts as played, computed the way a listener's browser reports it.
PLAYED = """() => {
  const a = document.getElementById('practice-audio');
  let t = 0;
  for (let i = 0; i < a.played.length; i += 1) { t += a.played.end(i) - a.played.start(i); }
  return t;
}"""


@pytest.fixture(scope="module")
def tracks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(root)):
        speech.check_available()  # a missing Piper fails here, with the install hint
        audio.generate_practice("breathing-space", 1)
        audio.generate_timer(1, 0)
        yield root


@pytest.fixture
def player_page(autoplay_browser: Browser) -> Iterator[Page]:
    context = autoplay_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def body_scan_minutes(page: Page, base: str) -> int:
    """The minutes on the dashboard's first bar this week (body scan or lying-down yoga)."""
    page.goto(f"{base}/")
    text = (
        page.get_by_role("region", name="This week's practice")
        .locator(".target")
        .first.inner_text()
    )
    match = re.search(r"(\d+) of (\d+) min", text)
    assert match, text
    return int(match[1])


def play_to_the_end(page: Page) -> float:
    """Press play, see the position move, then let it run to the end at 16x."""
    audio_el = page.locator("#practice-audio")
    expect(page.get_by_role("button", name="End practice")).to_be_visible()
    expect(page.get_by_role("region", name="Log this practice")).to_be_hidden()
    page.evaluate("document.getElementById('practice-audio').play()")
    page.wait_for_function("() => document.getElementById('practice-audio').currentTime > 0.3")
    first = audio_el.evaluate("a => a.currentTime")
    page.wait_for_function(
        f"() => document.getElementById('practice-audio').currentTime > {first + 0.5}"
    )
    assert audio_el.evaluate("a => a.currentTime") > first
    audio_el.evaluate("a => { a.playbackRate = 16; }")
    expect(page.get_by_role("region", name="Log this practice")).to_be_visible(timeout=30_000)
    assert audio_el.evaluate("a => a.ended")
    return float(page.evaluate(PLAYED))


def make_breathing_space_count(cohort: Cohort) -> None:
    # The one practice short enough for a 1-minute guided track is the breathing space, which
    # is informal, and informal practice never counts in the dashboard's figures (by design,
    # homework/progress.py). To watch the dashboard grow, this cohort counts it as formal
    # towards week 3's first target; the page and the log form are unchanged by this.
    space = Practice.objects.get(slug="breathing-space")
    space.category = Practice.Category.FORMAL
    space.save(update_fields=["category"])
    CohortAssignment.objects.filter(cohort=cohort, week=3).order_by(
        "position"
    ).first().also_counts.add(space)


def test_a_guided_practice_plays_and_its_log_is_saved_with_one_tap(
    player_page: Page, live_server: object, participant: User, cohort: Cohort, tracks: Path
) -> None:
    page, base = player_page, live_server.url  # type: ignore[attr-defined]
    make_breathing_space_count(cohort)
    sign_in(page, base, participant)
    before = body_scan_minutes(page, base)

    page.goto(f"{base}/practices/breathing-space/1/play/")
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    played = play_to_the_end(page)

    expected = math.floor((played + 0.5) / 60)
    assert expected == 1
    log = page.get_by_role("region", name="Log this practice")
    expect(log.get_by_label("Minutes")).to_have_value(str(expected))
    expect(log.get_by_label("Guided (with a recording or teacher)")).to_be_checked()
    expect(log.get_by_label("Practice")).to_have_value(
        str(Practice.objects.get(slug="breathing-space").pk)
    )
    expect(log).to_contain_text("You practised for 1 minute")
    assert serious_violations(page) == []
    sent = log.locator("form").evaluate("f => Object.fromEntries(new FormData(f))")
    log.get_by_role("button", name="Save practice").click()

    expect(page.get_by_role("status")).to_contain_text("Breathing space")
    assert body_scan_minutes(page, base) == before + expected
    saved = PracticeLog.objects.get()
    assert (saved.minutes, saved.guided, saved.practice.slug) == (expected, True, "breathing-space")

    # The same session sent again (a second tap that got through, a re-sent form) still makes
    # one log: the page's submission token says it is the same session.
    response = page.request.post(f"{base}/practice/new/", form=sent, max_redirects=0)
    assert response.status == 302
    assert PracticeLog.objects.count() == 1


def test_the_timer_plays_one_stream_and_logs_this_weeks_practice(
    player_page: Page, live_server: object, participant: User, cohort: Cohort, tracks: Path
) -> None:
    page, base = player_page, live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    before = body_scan_minutes(page, base)

    page.goto(f"{base}/practices/timer/")
    assert serious_violations(page) == []
    page.get_by_label("Length in minutes").fill("1")
    page.get_by_label("None").check()
    page.get_by_role("button", name="Prepare the timer").click()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    played = play_to_the_end(page)

    expected = math.floor((played + 0.5) / 60)
    log = page.get_by_role("region", name="Log this practice")
    expect(log.get_by_label("Minutes")).to_have_value(str(expected))
    expect(log.get_by_label("Guided (with a recording or teacher)")).not_to_be_checked()
    body_scan = Practice.objects.get(slug="body-scan")
    expect(log.get_by_label("Practice")).to_have_value(str(body_scan.pk))
    log.get_by_role("button", name="Save practice").click()

    expect(page.get_by_role("status")).to_contain_text("Body scan")
    assert body_scan_minutes(page, base) == before + expected == before + 1
    saved = PracticeLog.objects.get()
    assert (saved.minutes, saved.guided, saved.practice) == (1, False, body_scan)


def test_the_player_works_with_the_keyboard_alone(
    player_page: Page, live_server: object, participant: User, tracks: Path
) -> None:
    page, base = player_page, live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/practices/breathing-space/1/play/")

    def tab_to(test: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
                return
        pytest.fail(f"Tab never reached {test}")

    tab_to("el.id === 'end-practice'")
    # The audio's own controls are reachable before the End button.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "practice-audio"
    page.evaluate("document.getElementById('practice-audio').play()")
    page.wait_for_function("() => document.getElementById('practice-audio').currentTime > 1")
    tab_to("el.id === 'end-practice'")
    page.keyboard.press("Enter")
    # Ending moves focus to the log, which is filled from what was played (under a minute here).
    expect(page.get_by_role("region", name="Log this practice")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "log-panel-heading"
    assert page.evaluate("document.getElementById('practice-audio').paused")
    expect(page.get_by_label("Minutes")).to_have_value("0")
    expect(page.locator("#played-note")).to_contain_text("Less than a minute")
    # The person practised longer than the audio says: they type it, and save by keyboard.
    tab_to("el.name === 'minutes'")
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    tab_to("el.type === 'submit' && el.textContent.includes('Save practice')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("3 min")
    assert PracticeLog.objects.get().minutes == 3


def test_the_practice_library_and_reading_pages_have_no_serious_accessibility_problems(
    page: Page, live_server: object, participant: User, tracks: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    for path in (
        "/practices/",
        "/practices/yoga-lying/",
        "/practices/walking/",
        "/weeks/3/",
        "/weeks/0/",
        "/day-of-mindfulness/",
    ):
        page.goto(f"{base}{path}")
        assert serious_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
