"""The preferences page, and one-click unsubscribe: GET asks, POST does it, a bad link says so
plainly."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.timezones import zone_in_words
from homework.forms import PreferencesForm
from notifications.actions import unsubscribe as do_unsubscribe
from notifications.due import get_or_create_settings, reschedule
from notifications.forms import NotificationSettingsForm
from notifications.models import OPT_OUT_FIELDS, Kind
from notifications.signing import read_token


# No CSRF token: mail clients POST here without cookies (RFC 8058 one-click). The signed token
# in the URL is the authority, and the only thing it can do is stop one kind of e-mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        wanted = read_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    label = Kind(wanted.kind).label if wanted.kind in Kind.values else "these e-mails"
    context = {
        "label": label,
        "can_turn_off": wanted.kind in OPT_OUT_FIELDS or bool(wanted.email),
        "preferences_url": reverse("notifications:preferences"),
        "action": request.path,
    }
    # GET (and HEAD) only show the question: link scanners follow links, people press buttons.
    if request.method != "POST":
        return render(request, "notifications/unsubscribe_confirm.html", context)
    if not do_unsubscribe(wanted):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    return render(request, "notifications/unsubscribe_done.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Name, time zone, sharing, and every e-mail choice. notifications owns this page because
    the reminder time and zone decide when reminders fall: it reschedules when they change."""
    user: User = request.user  # type: ignore[assignment]
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, instance=user)
    emails = NotificationSettingsForm(data, instance=get_or_create_settings(user), prefix="emails")
    # "Find" (a GET form, so it works without JavaScript) narrows the time-zone list.
    zone_query = request.GET.get("zone", "")[:60]
    form.fields["time_zone"].narrow(zone_query, keep=user.time_zone)  # type: ignore[attr-defined]
    form.fields["time_zone"].widget.attrs["data-zone-picker"] = "1"
    if data is not None and form.is_valid() and emails.is_valid():
        form.save()
        prefs = emails.save()
        if "time_zone" in form.changed_data or "reminder_time" in emails.changed_data:
            prefs.user = user
            reschedule(prefs)
        messages.success(request, "Preferences saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "emails": emails,
            "zone_query": zone_query,
            "zone_words": zone_in_words(user.time_zone),
        },
    )
