"""The floors pages and writes are measured against (bench settings only, see bench/urls.py).

A floor goes through the same middleware as a real page (sessions, CSRF, auth, messages, the
user's time zone) and costs what any signed-in page must: `floor` renders the base template
around nothing, `bare_insert` writes one practice-log row. The gap between a page and its floor
is what the page itself adds.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from homework.models import PracticeLog


@require_GET
@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/floor.html")


@require_POST
@login_required
def bare_insert(request: HttpRequest) -> HttpResponse:
    """One INSERT and nothing else: the fastest a practice-log POST could possibly be.

    The bench names the enrolment, practice and token itself, so no lookup precedes the write.
    """
    try:
        row = PracticeLog(
            enrolment_id=int(request.POST["enrolment"]),
            practice_id=int(request.POST["practice"]),
            practised_on=request.POST["practised_on"],
            minutes=1,
            submission_token=uuid.UUID(request.POST["submission_token"]),
        )
    except (KeyError, ValueError):
        return HttpResponseBadRequest("enrolment, practice, practised_on and submission_token")
    try:
        # A savepoint, as record_practice has, so a refused row leaves the connection usable.
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return HttpResponseBadRequest("no such enrolment or practice, or a token used twice")
    return HttpResponse("saved", status=201, content_type="text/plain")
