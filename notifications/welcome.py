"""The welcome page: where a newly invited person makes their account, in our own layout.

It lives in notifications because that is the lowest layer that can do the whole job: the
reminder time is notifications' own setting (and a new zone or time means rescheduling the
daily reminder), while everything else it needs sits below it: the invitation and enrolment
(course), the baseline questionnaire it leads to (outcomes), and the person, their consent and
time-zone list (accounts). `course` cannot import notifications, so `course.views` only
redirects here by URL name.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.account.views import SignupView
from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.consent import NOTICE_VERSION, give_consent
from accounts.models import User
from accounts.timezones import TimeZoneField, available_time_zones, zone_in_words
from accounts.widgets import TimeInput
from course import actions as course_actions
from course import invitations
from course.models import Invitation
from notifications.due import get_or_create_settings, reschedule
from notifications.models import DEFAULT_REMINDER
from outcomes.selectors import open_questionnaires

SEARCH = "search-zones"


class WelcomeForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="How your instructor and our e-mails address you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text="At least 10 characters; a few words you will remember work well. "
        'You can add a passkey afterwards under "Sign-in security".',
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = TimeZoneField(
        help_text="Your days, weeks and reminders follow this. We guessed it from your device; "
        "change it if it is wrong.",
    )
    zone_search = forms.CharField(
        label="Find a place",
        required=False,
        max_length=60,
        help_text="Type a city or region, then press \u201cFind\u201d to shorten the list.",
    )
    reminder_time = forms.TimeField(
        label="Daily practice reminder at",
        initial=DEFAULT_REMINDER,
        widget=TimeInput(),
        help_text="An e-mail on course days, at this time where you are. You can turn it off later.",
    )
    consent = forms.BooleanField(
        label="I agree that Stillpoint keeps and uses my health information (pain, stress, "
        "sleep and what I write) for this course, as the notice above explains.",
        error_messages={
            "required": "We can only keep your check-ins with your agreement. Tick the box to "
            "continue, or close this page to leave it for now."
        },
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(
            password, User(email=self.email, display_name=self.data.get("display_name", ""))
        )
        return password


def _first_class(invitation: Invitation) -> Any:
    return invitation.cohort.sessions.filter(is_cancelled=False).order_by("starts_at").first()


def _next_page(user: User) -> str:
    waiting = open_questionnaires(user)
    if waiting:
        q = waiting[0]
        return reverse("outcomes:questionnaire", args=[q.enrolment.public_id, q.time_point])
    return reverse("home")


@transaction.atomic
def _create_account(invitation: Invitation, data: dict[str, Any]) -> User:
    """The account, its verified address, its enrolment, consent and reminder time: all or none."""
    user = User.objects.create_user(
        email=invitation.email,
        password=data["password"],
        display_name=data["display_name"].strip(),
        time_zone=data["time_zone"],
        privacy_notice_seen_at=timezone.now(),
    )
    # The invitation reached this address, which proves it as a verification e-mail would.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    course_actions.accept_invitation(invitation, user)
    give_consent(user, NOTICE_VERSION)
    prefs = get_or_create_settings(user)
    prefs.reminder_time = data["reminder_time"]
    prefs.user = user
    reschedule(prefs)
    return user


def signup(request: HttpRequest) -> HttpResponse:
    """allauth's sign-up address: an invited browser is sent to the welcome page instead.

    allauth's generic form asks for neither a name, a zone nor consent; left reachable, an
    invitee could make an account that holds health data without agreeing to it. Public
    sign-up (STILLPOINT_OPEN_SIGNUP) and its "closed" page stay allauth's.
    """
    if invitations.pending_invitation(request.session) is not None:
        return redirect("notifications:welcome")
    return SignupView.as_view()(request)


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """GET shows the course and the form; POST "Find" narrows the zone list; POST joins."""
    if request.user.is_authenticated:
        return redirect("home")
    invitation = invitations.pending_invitation(request.session)
    if invitation is None:
        return render(request, "notifications/welcome_without_invitation.html", status=400)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(f"{reverse('account_login')}?next={reverse('home')}")

    cohort = invitation.cohort
    searching = request.method == "POST" and SEARCH in request.POST
    if request.method == "POST" and not searching:
        form = WelcomeForm(request.POST, email=invitation.email)
        if form.is_valid():
            try:
                user = _create_account(invitation, form.cleaned_data)
            except invitations.InvitationRefused as refused:
                return render(
                    request,
                    "course/invitation_refused.html",
                    {"reason": refused.reason, "message": refused.message},
                    status=410,
                )
            request.session.pop(invitations.SESSION_KEY, None)
            messages.success(
                request, f"Welcome, {user.get_short_name()}. You are in {cohort.title}."
            )
            return perform_login(request, user, redirect_url=_next_page(user))
    elif searching:
        # Keep what was typed (never the password) and show the narrowed list, no errors yet.
        kept: dict[str, object] = {
            k: request.POST.get(k, "") for k in ("display_name", "time_zone", "zone_search")
        }
        kept["reminder_time"] = request.POST.get("reminder_time") or DEFAULT_REMINDER
        kept["consent"] = bool(request.POST.get("consent"))
        form = WelcomeForm(initial=kept, email=invitation.email)
    else:
        form = WelcomeForm(initial={"time_zone": cohort.time_zone}, email=invitation.email)

    zone = (
        form.data.get("time_zone") if form.is_bound else form.initial.get("time_zone")
    ) or cohort.time_zone
    query = request.POST.get("zone_search", "") if request.method == "POST" else ""
    form.fields["time_zone"].narrow(query, keep=zone)  # type: ignore[attr-defined]
    # Detect the browser's zone only on the first view: after that the choice is theirs.
    form.fields["time_zone"].widget.attrs.update(
        {"data-zone-picker": "1", "data-detect": "1" if request.method == "GET" else "0"}
    )
    if zone not in available_time_zones():  # a tampered value: show the cohort's clock
        zone = cohort.time_zone
    first = _first_class(invitation)
    local_first = timezone.localtime(first.starts_at, zoneinfo.ZoneInfo(zone)) if first else None
    return render(
        request,
        "notifications/welcome.html",
        {
            "form": form,
            "invitation": invitation,
            "cohort": cohort,
            "instructors": [i.get_full_name() for i in cohort.instructors.all()],
            "first_class": first,
            "first_class_local": local_first,
            "zone_words": zone_in_words(zone),
            "version": NOTICE_VERSION,
            "search_name": SEARCH,
        },
    )
