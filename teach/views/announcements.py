"""Announcements to a cohort, and the list of those already sent.

Writing one takes two steps, both plain forms: "Preview" shows the e-mail exactly as the first
recipient gets it and the names of everyone it goes to; "Send" sends it to exactly those people
(the previewed list travels with the form, so a flag changing in between changes nothing),
"Edit" goes back to the form with everything kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.submissions import AlreadySubmitted, submitted_once
from course.models import Cohort, Enrolment
from teach.access import InstructorRequest, instructor_required, teaching_cohort
from teach.actions import NoRecipients, announce, audience, preview_announcement
from teach.forms import AnnouncementForm


def _previewed(cohort: Cohort, values: list[str]) -> list[Enrolment] | None:
    """The recipients a preview showed, still on the roster; None if the form had no preview."""
    if not values:
        return None
    return [e for e in Enrolment.objects.on_roster(cohort) if str(e.public_id) in set(values)]


@require_http_methods(["GET", "POST"])
@instructor_required
def announcements(request: InstructorRequest, cohort: Any) -> HttpResponse:
    cohort = teaching_cohort(request, cohort)
    form = AnnouncementForm(request.POST or None, cohort=cohort)
    action = request.POST.get("action", "preview")
    if request.method == "POST" and action != "edit" and form.is_valid():
        data = form.cleaned_data
        recipients = _previewed(cohort, request.POST.getlist("recipients"))
        if recipients is None:
            recipients = audience(cohort, data["audience"], data.get("chosen"))
        if not recipients:
            form.add_error("audience", "Nobody would receive this: no participant matches.")
        elif action == "send":
            try:
                with submitted_once(request.user, data.get("submission_token"), "announcement"):
                    sent_one = announce(
                        cohort,
                        request.user,
                        subject=data["subject"],
                        body=data["body"],
                        audience_choice=data["audience"],
                        recipients=recipients,
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
        else:
            return render(
                request,
                "teach/announcement_preview.html",
                {
                    "cohort": cohort,
                    "form": form,
                    "recipients": recipients,
                    "email": preview_announcement(
                        cohort,
                        request.user,
                        subject=data["subject"],
                        body=data["body"],
                        recipients=recipients,
                    ),
                },
            )
    sent = cohort.announcements.select_related("author").annotate(
        recipient_count=Count("recipients")
    )
    return render(
        request, "teach/announcements.html", {"cohort": cohort, "form": form, "sent": sent}
    )
