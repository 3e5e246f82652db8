"""The participant's announcements: put one away from the dashboard, and read them all.

Only announcements sent to the signed-in participant's enrolment are reachable: anyone else's,
or another cohort's, is a 404, the same as one that does not exist.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from course.selectors import received_announcements
from homework.access import enrolment_of, participant_required

PER_PAGE = 10


@require_GET
@participant_required
def announcements(request: HttpRequest) -> HttpResponse:
    enrolment = enrolment_of(request)
    page = Paginator(received_announcements(enrolment), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "homework/announcements.html", {"page": page, "cohort": enrolment.cohort}
    )


@require_POST
@participant_required
def dismiss_announcement(request: HttpRequest, public_id: str) -> HttpResponse:
    enrolment = enrolment_of(request)
    announcement = get_object_or_404(received_announcements(enrolment), public_id=public_id)
    announcement.dismiss_for(enrolment)
    return redirect("home")
