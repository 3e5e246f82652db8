"""Participant pages. Each view is scoped to the signed-in participant's own enrolment."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from course.calendar import COURSE_WEEKS
from course.models import CalendarKind, Reading, WeekKind
from homework import actions, page_cache, selectors
from homework.access import (
    Participation,
    current_enrolment,
    enrolment_of,
    participant_required,
    participation_of,
)
from homework.forms import CalendarEntryForm, CheckInForm, PracticeLogForm
from homework.models import CalendarEntry, CheckIn, PracticeLog
from homework.progress import GOOD_ADHERENCE, LOW_ADHERENCE, format_percent
from homework.slipping import NO_PRACTICE_DAYS

GET_POST = require_http_methods(["GET", "POST"])


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Return to the page the form was on, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard for a participant, the teaching home for an instructor."""
    enrolment = current_enrolment(request.user)  # type: ignore[arg-type]
    if enrolment is not None:
        context = selectors.dashboard(Participation.of(enrolment))
        context["fragments"] = page_cache.personal(
            request, context["fragments"], {page_cache.SUBMISSION_PLACEHOLDER: uuid.uuid4()}
        )
        return render(request, "homework/dashboard.html", context)
    if request.user.is_instructor:  # type: ignore[union-attr]
        return redirect("teach:home")
    return render(request, "course/home.html")


@require_GET
def how_we_count(request: HttpRequest) -> HttpResponse:
    """The rules behind every figure, in words: pages, exports and e-mails link here."""
    return render(
        request,
        "homework/how_we_count.html",
        {
            "low": format_percent(LOW_ADHERENCE),
            "good": format_percent(GOOD_ADHERENCE),
            "idle_days": NO_PRACTICE_DAYS,
        },
    )


@require_POST
@participant_required
def privacy_seen(request: HttpRequest) -> HttpResponse:
    user = enrolment_of(request).participant
    user.privacy_notice_seen_at = timezone.now()
    user.save(update_fields=["privacy_notice_seen_at"])
    return _back(request, reverse("home"))


# --- Formal practice ----------------------------------------------------------------------------


@GET_POST
@participant_required
def log_practice(request: HttpRequest) -> HttpResponse:
    participation = participation_of(request)
    enrolment, today = participation.enrolment, participation.today
    if request.method == "POST":
        form = PracticeLogForm(request.POST, enrolment=enrolment, today=today)
        # A form sent twice (a double tap, a re-sent page) is saved once. The unique token
        # catches a valid twin as it is saved; only an invalid form asks first, since its twin
        # may be why it is invalid now (the day's minutes already counted once).
        if form.is_valid():
            log, created = actions.record_practice(enrolment, form)
            if created:
                messages.success(
                    request,
                    f"Saved: {log.practice.name}, {log.minutes} min on "
                    f"{log.practised_on:%A %-d %B}.",
                )
            else:
                messages.info(request, "That practice was already saved.")
            return _back(request, reverse("homework:practice_list"))
        if actions.find_resubmission(enrolment, request.POST.get("submission_token")):
            messages.info(request, "That practice was already saved.")
            return _back(request, reverse("homework:practice_list"))
    else:
        form = PracticeLogForm(
            enrolment=enrolment, today=today, initial=selectors.suggested_practice(participation)
        )
    return render(request, "homework/practice_form.html", {"form": form, "creating": True})


@require_GET
@participant_required
def practice_list(request: HttpRequest) -> HttpResponse:
    context = selectors.practice_page(participation_of(request), request.GET.get("before"))
    context["fragments"] = page_cache.personal(request, context["fragments"])
    return render(request, "homework/practice_list.html", context)


@GET_POST
@participant_required
def edit_practice(request: HttpRequest, public_id: str) -> HttpResponse:
    participation = participation_of(request)
    # Scoped to the current enrolment: its dates and daily cap are what the form checks.
    log = get_object_or_404(PracticeLog, public_id=public_id, enrolment=participation.enrolment)
    form = PracticeLogForm(
        request.POST or None,
        instance=log,
        enrolment=participation.enrolment,
        today=participation.today,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Practice updated.")
        return _back(request, reverse("homework:practice_list"))
    return render(request, "homework/practice_form.html", {"form": form, "log": log})


@GET_POST
@participant_required
def delete_practice(request: HttpRequest, public_id: str) -> HttpResponse:
    # Scoped to the current enrolment: its dates and daily cap are what the form checks.
    log = get_object_or_404(PracticeLog, public_id=public_id, enrolment=enrolment_of(request))
    if request.method == "POST":
        log.delete()
        messages.success(request, "Practice deleted.")
        return redirect("homework:practice_list")
    return render(
        request,
        "homework/confirm_delete.html",
        {"thing": log, "cancel": reverse("homework:practice_list")},
    )


# --- Weeks and readings -------------------------------------------------------------------------


@require_GET
@participant_required
def week(request: HttpRequest, number: int) -> HttpResponse:
    if not 0 <= number <= COURSE_WEEKS:
        raise Http404("There is no such week in the course.")
    kind = WeekKind.ORIENTATION if number == 0 else WeekKind.WEEK
    participation = participation_of(request)
    context = selectors.week(participation, kind, number)
    context["fragments"] = page_cache.personal(request, context["fragments"])
    response = render(request, "homework/week.html", context)
    if context["comments"]:
        # Seen on the page where they sit: the dashboard stops calling them new.
        actions.read_comments_of_week(participation.enrolment, number)
    return response


@require_GET
@participant_required
def day_of_mindfulness(request: HttpRequest) -> HttpResponse:
    context = selectors.week(participation_of(request), WeekKind.RETREAT, None)
    context["fragments"] = page_cache.personal(request, context["fragments"])
    return render(request, "homework/week.html", context)


@require_POST
@participant_required
def reading_done(request: HttpRequest, reading_id: int) -> HttpResponse:
    enrolment = enrolment_of(request)
    reading = get_object_or_404(
        Reading, pk=reading_id, week__curriculum_id=enrolment.cohort.curriculum_id
    )
    actions.set_reading_done(enrolment, reading, request.POST.get("done") != "0")
    return _back(request, reverse("home"))


# --- Informal practice calendars ----------------------------------------------------------------


def _calendar_kind(kind: str) -> str:
    if kind not in CalendarKind.values:
        raise Http404("There is no such calendar.")
    return kind


@require_GET
@participant_required
def calendar(request: HttpRequest, kind: str) -> HttpResponse:
    return render(
        request,
        "homework/calendar.html",
        selectors.calendar(enrolment_of(request), _calendar_kind(kind)),
    )


@GET_POST
@participant_required
def calendar_new(request: HttpRequest, kind: str) -> HttpResponse:
    participation = participation_of(request)
    enrolment = participation.enrolment
    kind = _calendar_kind(kind)
    form = CalendarEntryForm(
        request.POST or None,
        enrolment=enrolment,
        kind=kind,
        today=participation.today,
        instance=CalendarEntry(enrolment=enrolment, kind=kind),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Entry saved.")
        return _back(request, reverse("homework:calendar", args=[kind]))
    return render(
        request,
        "homework/calendar_form.html",
        {"form": form, "kind": kind, "kind_label": CalendarKind(kind).label},
    )


@GET_POST
@participant_required
def calendar_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    participation = participation_of(request)
    entry = get_object_or_404(CalendarEntry, public_id=public_id, enrolment=participation.enrolment)
    form = CalendarEntryForm(
        request.POST or None,
        enrolment=participation.enrolment,
        kind=entry.kind,
        instance=entry,
        today=participation.today,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Entry updated.")
        return _back(request, reverse("homework:calendar", args=[entry.kind]))
    return render(
        request,
        "homework/calendar_form.html",
        {"form": form, "kind": entry.kind, "kind_label": entry.get_kind_display(), "entry": entry},
    )


@GET_POST
@participant_required
def calendar_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = get_object_or_404(CalendarEntry, public_id=public_id, enrolment=enrolment_of(request))
    back = reverse("homework:calendar", args=[entry.kind])
    if request.method == "POST":
        entry.delete()
        messages.success(request, "Entry deleted.")
        return redirect(back)
    return render(request, "homework/confirm_delete.html", {"thing": entry, "cancel": back})


# --- Check-ins and progress --------------------------------------------------------


@GET_POST
@participant_required
def check_in(request: HttpRequest) -> HttpResponse:
    participation = participation_of(request)
    enrolment, today = participation.enrolment, participation.today
    if request.method == "POST":
        form = CheckInForm(request.POST, enrolment=enrolment, today=today)
        if form.is_valid():
            saved = actions.save_check_in(enrolment, form)
            messages.success(
                request,
                f"Check-in saved for {saved.day:%A %-d %B}: pain {saved.pain}, stress {saved.stress}.",
            )
            return _back(request, reverse("home"))
    else:
        existing = CheckIn.objects.filter(enrolment=enrolment, day=today).first()
        form = CheckInForm(instance=existing, enrolment=enrolment, today=today)
    return render(request, "homework/check_in.html", {"form": form})


@require_GET
@participant_required
def progress(request: HttpRequest) -> HttpResponse:
    context = selectors.progress(participation_of(request))
    context["fragments"] = page_cache.personal(request, context["fragments"])
    return render(request, "homework/progress.html", context)
