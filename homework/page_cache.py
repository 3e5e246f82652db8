"""One participant's own page fragments, kept in Redis as rendered markup.

The dashboard, the progress page, the week page and the practice list spend most of their time
turning the person's figures into HTML. Those parts are rendered once and kept under a key made
of everything they depend on, so a view that finds them skips both the queries and the
template work:

- the version tokens of the enrolment, of its cohort and of the curricula
  (course/freshness.py): every write of a log, check-in, calendar entry, reading done, intake
  answer, comment, attendance mark, enrolment, target, class, cohort setting or curriculum
  replaces one of them, so the next view looks under a new key and renders afresh;
- the person's own today (a new day, or a time-machine jump, is a new key) and their time zone;
- the enrolment's id, public id, status and joining time, and the cohort's dates and zone;
- whatever else the caller names (the week shown, the practice list's cursor).

A key names one enrolment, so a fragment is never shown to anybody else. What differs from one
request to the next stays live and out of the fragments: the forms, the CSRF token, messages,
announcements, new comments and today's check-in. The only per-request values inside a fragment
are the CSRF token and the page's own path (the readings' "Mark as read" forms come back to
it); fragments are rendered with placeholders for both, which `personal()` fills in on every
view. Fragments are rendered without the request, so nothing else of it can reach them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from course import freshness
from homework.access import Participation

FORMAT = "1"  # raise when what a fragment is keyed on changes (the markup versions itself)
TIMEOUT = 36 * 60 * 60  # keys move on with the day anyway
# Placeholders: letters and digits only, so escaping leaves them as they are.
CSRF_PLACEHOLDER = "csrfPlaceholder7d1e9a0c"
PATH_PLACEHOLDER = "pathPlaceholder3b5f2c81"
# The dashboard's log form: a fresh submission token on every view (a form sent twice is
# saved once, two forms are two logs).
SUBMISSION_PLACEHOLDER = "submissionPlaceholder9c4e"

Fragments = dict[str, str]

# Every template a fragment is made of: a deploy that edits one misses every old fragment.
TEMPLATES = (
    "homework/_dashboard_week.html",
    "homework/_dashboard_homework.html",
    "homework/_dashboard_chart.html",
    "homework/_dashboard_logform.html",
    "homework/_progress_body.html",
    "homework/_week_top.html",
    "homework/_week_rest.html",
    "homework/_practice_list_body.html",
    "homework/_week_nav.html",
    "homework/_progress_bar.html",
    "homework/_readings.html",
    "homework/_reading.html",
    "homework/_minutes_chart.html",
    "homework/_chart_axes.html",
    "course/_if_hard_link.html",
    "outcomes/_movement_notes.html",
    "outcomes/_medical_advice.html",
)


@functools.cache
def _markup() -> str:
    """The fragment templates' own version (their source, hashed once per process)."""
    sources = (get_template(name).template.source for name in TEMPLATES)  # type: ignore[attr-defined]
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Versions:
    """The version tokens a person's page depends on, read once per request (one round trip)
    and handed on to the other caches the page reads on a miss (progress, curriculum week)."""

    tokens: freshness.Tokens
    own: str  # the enrolment's

    @classmethod
    def of(cls, participation: Participation) -> Versions:
        enrolment = participation.enrolment
        tokens = freshness.read(enrolment.cohort_id, [enrolment.pk])
        return cls(tokens, tokens.enrolments[enrolment.pk])

    @property
    def shared(self) -> str:
        """The curricula's and the cohort's."""
        return self.tokens.shared


def key(participation: Participation, versions: Versions, page: str, *parts: object) -> str:
    """The cache key of one page's fragments for this person, today, at these versions."""
    enrolment = participation.enrolment
    cohort = enrolment.cohort
    identity = "|".join(
        str(part)
        for part in (
            FORMAT,
            _markup(),
            page,
            enrolment.pk,
            enrolment.public_id,
            enrolment.status,
            enrolment.joined_at,
            enrolment.participant_id,
            enrolment.participant.time_zone,
            cohort.pk,
            cohort.start_date,
            cohort.time_zone,
            versions.shared,
            versions.own,
            participation.today,
            participation.week,
            *parts,
        )
    )
    return f"page:{enrolment.pk}:{page}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"


def fragments(
    participation: Participation,
    versions: Versions,
    page: str,
    parts: tuple[object, ...],
    build: Callable[[], Fragments],
) -> Fragments:
    """This page's fragments from the cache, or built (and kept) on a miss.

    `build` renders every fragment of the page (see `render`); it runs only on a miss."""
    name = key(participation, versions, page, *parts)
    found = cache.get(name)
    if isinstance(found, dict):
        return found
    built = build()
    cache.set(name, built, timeout=TIMEOUT)
    return built


def render(template: str, context: Mapping[str, Any]) -> str:
    """A fragment's markup: rendered without the request, with placeholders for its CSRF token
    and the page's path."""
    return render_to_string(
        template, {**context, "csrf_token": CSRF_PLACEHOLDER, "next_path": PATH_PLACEHOLDER}
    )


def personal(
    request: HttpRequest, found: Fragments, live: Mapping[str, object] | None = None
) -> dict[str, SafeString]:
    """The fragments for this request: its CSRF token and path put in their places, and any
    other per-view value the caller rendered a placeholder for (`live`: placeholder → value,
    escaped here; placeholders of letters and digits only, as above)."""
    token = get_token(request)
    path = escape(request.get_full_path())
    others = [(placeholder, escape(str(value))) for placeholder, value in (live or {}).items()]

    def filled(html: str) -> str:
        html = html.replace(CSRF_PLACEHOLDER, token).replace(PATH_PLACEHOLDER, path)
        for placeholder, value in others:
            html = html.replace(placeholder, value)
        return html

    return {
        name: mark_safe(filled(html))  # noqa: S308 (our own rendered templates)
        for name, html in found.items()
    }
