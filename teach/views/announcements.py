"""Announcements to a cohort, and the list of those already sent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.submissions import AlreadySubmitted, submitted_once
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.actions import NoRecipients, announce
from teach.forms import AnnouncementForm


@require_http_methods(["GET", "POST"])
@instructor_required
def announcements(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("submission_token")
        try:
            with submitted_once(request.user, token, "announcement"):
                sent_one = announce(
                    cohort,
                    request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    audience_choice=form.cleaned_data["audience"],
                )
        except AlreadySubmitted:
            messages.info(request, "This announcement was already sent; it went out once.")
            return redirect("teach:announcements", cohort.public_id)
        except NoRecipients:
            form.add_error("audience", "Nobody would receive this: no participant matches.")
        else:
            count = sent_one.recipients.count()
            messages.success(request, f"Announcement sent to {count} participant(s).")
            return redirect("teach:announcements", cohort.public_id)
    sent = cohort.announcements.select_related("author").annotate(
        recipient_count=Count("recipients")
    )
    return render(
        request, "teach/announcements.html", {"cohort": cohort, "form": form, "sent": sent}
    )
