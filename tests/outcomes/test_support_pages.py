"""The "If a practice is hard" and "Movement with a sore back" pages, and every way to them."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts.models import User
from course.calendar import COURSE_WEEKS
from course.models import Cohort, CohortAssignment, Enrolment
from outcomes.intake import MOVEMENT_PRACTICES
from outcomes.models import CohortSupport, IntakeReview
from tests.support.intake import WARNING_SIGNS, load_intake, send_intake

pytestmark = pytest.mark.django_db

IF_HARD = "/support/if-practice-is-hard/"
MOVEMENT = "/support/movement/"
URGENT = "If you need help urgently"
MEDICAL = "Please see a doctor before the movement practices"


def after_urgent_heading(html: str) -> str:
    """What the page shows after the urgent-help heading's own paragraph: the filled block."""
    tail = html.split(URGENT, 1)[1]
    return tail.split("</p>", 1)[1].split("</article>", 1)[0].strip()


def test_the_urls_are_the_ones_the_partials_use() -> None:
    assert reverse("support:if_hard") == IF_HARD
    assert reverse("support:movement") == MOVEMENT


def test_anyone_can_read_the_page_without_signing_in(client: Client) -> None:
    page = client.get(IF_HARD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Open your eyes" in html
    assert "It is fine to stop" in html
    assert reverse("account_login") in html  # how to reach the instructor: sign in first


@override_settings(STILLPOINT_URGENT_HELP="")
def test_with_no_urgent_help_set_nothing_is_added(client: Client) -> None:
    assert after_urgent_heading(client.get(IF_HARD).content.decode()) == ""


@override_settings(
    STILLPOINT_URGENT_HELP="**Test crisis line:** [0000 TEST](tel:0000)\n\n<script>x()</script>"
)
def test_the_deployments_urgent_help_is_shown_sanitised(client: Client) -> None:
    block = after_urgent_heading(client.get(IF_HARD).content.decode())
    assert "<strong>Test crisis line:</strong>" in block
    assert 'href="tel:0000"' in block
    assert "<script" not in block


@override_settings(STILLPOINT_URGENT_HELP="Deployment-wide line.")
def test_a_cohorts_own_urgent_help_replaces_the_deployments_for_its_people(
    client: Client, participant: User, cohort: Cohort, outsider: User
) -> None:
    CohortSupport.objects.create(cohort=cohort, urgent_help="Cohort line 1234 (test).")
    client.force_login(participant)
    block = after_urgent_heading(client.get(IF_HARD).content.decode())
    assert "Cohort line 1234 (test)." in block
    assert "Deployment-wide" not in block
    client.force_login(outsider)
    assert "Deployment-wide line." in after_urgent_heading(client.get(IF_HARD).content.decode())


def test_a_participant_sees_how_to_write_to_their_instructor(
    client: Client, participant: User, cohort: Cohort
) -> None:
    client.force_login(participant)
    assert 'href="mailto:teacher@example.org"' in client.get(IF_HARD).content.decode()
    CohortSupport.objects.create(cohort=cohort, contact_email="team@example.org")
    html = client.get(IF_HARD).content.decode()
    assert 'href="mailto:team@example.org"' in html
    assert "mailto:teacher@example.org" not in html


def test_the_sore_back_page_names_the_warning_signs(client: Client) -> None:
    html = client.get(MOVEMENT).content.decode()
    assert "Movement with a sore back" in html
    assert "never move into pain" in html.lower()


def week_urls() -> list[str]:
    return [reverse("homework:week", args=[n]) for n in range(0, COURSE_WEEKS + 1)] + [
        reverse("homework:day_of_mindfulness")
    ]


def test_every_week_page_and_the_footer_link_to_the_page(pat: Client) -> None:
    for url in [*week_urls(), reverse("home"), reverse("outcomes:list")]:
        response = pat.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'href="{IF_HARD}"' in footer, url
        if url in week_urls():
            main = html.split("<main", 1)[1].split("</main>", 1)[0]
            assert f'href="{IF_HARD}"' in main, url


def movement_weeks(cohort: Cohort) -> set[int]:
    """Weeks whose targets name yoga or walking, as the practice or as one that also counts."""
    targets = CohortAssignment.objects.filter(cohort=cohort)
    return set(
        targets.filter(
            Q(practice__slug__in=MOVEMENT_PRACTICES) | Q(also_counts__slug__in=MOVEMENT_PRACTICES)
        ).values_list("week", flat=True)
    )


def test_weeks_with_yoga_or_walking_link_the_sore_back_page_and_others_do_not(
    pat: Client, cohort: Cohort
) -> None:
    moving = movement_weeks(cohort)
    assert moving, "the curriculum assigns yoga or walking somewhere"
    assert set(range(1, COURSE_WEEKS + 1)) - moving, "and some weeks without"
    for n in range(1, COURSE_WEEKS + 1):
        main = pat.get(reverse("homework:week", args=[n])).content.decode().split("</main>")[0]
        assert (f'href="{MOVEMENT}"' in main) == (n in moving), n


def test_the_medical_note_shows_beside_movement_until_an_instructor_records_a_decision(
    pat: Client, cohort: Cohort, enrolment: Enrolment, instructor: User
) -> None:
    load_intake()
    moving = min(movement_weeks(cohort))
    still = min(set(range(1, COURSE_WEEKS + 1)) - movement_weeks(cohort))
    assert MEDICAL not in pat.get(reverse("homework:week", args=[moving])).content.decode()
    send_intake(enrolment, yes=(WARNING_SIGNS[0],))
    assert MEDICAL in pat.get(reverse("homework:week", args=[moving])).content.decode()
    assert MEDICAL not in pat.get(reverse("homework:week", args=[still])).content.decode()
    IntakeReview.objects.create(
        enrolment=enrolment, author=instructor, decision=IntakeReview.Decision.GO_AHEAD
    )
    assert MEDICAL not in pat.get(reverse("homework:week", args=[moving])).content.decode()


def test_every_practice_page_and_player_links_to_the_page(
    pat: Client, enrolment: Enrolment
) -> None:
    from course.models import Practice
    from homework.practising import lengths_of

    load_intake()
    send_intake(enrolment, yes=(WARNING_SIGNS[0],))
    practices = list(Practice.objects.all())
    assert len(practices) >= 13
    for practice in practices:
        for url in (
            reverse("homework:practice", args=[practice.slug]),
            reverse("homework:play", args=[practice.slug, lengths_of(practice)[0]]),
        ):
            response = pat.get(url)
            assert response.status_code == 200, url
            main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
            assert f'href="{IF_HARD}"' in main, url
            # The medical-advice note stands beside the movement practices only.
            assert (MEDICAL in main) == (practice.slug in MOVEMENT_PRACTICES), url
