"""The practice library, each practice's page, the player, the timer, and the audio they play.

Every page is the signed-in participant's own; audio files need a signed-in person, and a
cohort's recording only opens to that cohort's participants and instructors.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from course.models import CohortRecording, Practice
from guidance.tracks import timer_track
from homework import practising
from homework.access import current_enrolment, participant_required, participation_of
from homework.forms import TimerForm
from homework.serve import ranged_file_response, safe_path

AUDIO_TYPES = {".opus": "audio/ogg", ".mp3": "audio/mpeg"}


@require_GET
@participant_required
def practices(request: HttpRequest) -> HttpResponse:
    return render(request, "homework/practices.html", practising.library(participation_of(request)))


@require_GET
@participant_required
def practice(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Practice, slug=slug)
    return render(
        request, "homework/practice.html", practising.practice_page(participation_of(request), item)
    )


@require_GET
@participant_required
def play(request: HttpRequest, slug: str, minutes: int) -> HttpResponse:
    item = get_object_or_404(Practice, slug=slug)
    if minutes not in practising.lengths_of(item):
        raise Http404("This practice is not offered at that length.")
    return render(
        request, "homework/play.html", practising.player(participation_of(request), item, minutes)
    )


@require_GET
@participant_required
def timer(request: HttpRequest) -> HttpResponse:
    participation = participation_of(request)
    chosen = "minutes" in request.GET
    # Its own ids: the log form on the same page has a "minutes" field too.
    form = TimerForm(request.GET if chosen else None, auto_id="timer_%s")
    context: dict[str, object] = {"form": form, "quick": practising.TIMER_MINUTES}
    if chosen and form.is_valid():
        minutes, interval = form.cleaned_data["minutes"], form.cleaned_data["interval"]
        track = timer_track(minutes, interval)
        ready = track.exists()
        if not ready:
            practising.request_timer(minutes, interval)
        context.update(
            {
                "minutes": minutes,
                "interval": interval,
                "ready": ready,
                "sources": practising.track_sources(track) if ready else [],
                "log_form": practising.log_form(
                    participation, practice=None, minutes=minutes, guided=False
                ),
                "retry": request.get_full_path(),
            }
        )
    return render(request, "homework/timer.html", context)


@require_GET
@login_required
def guidance_audio(request: HttpRequest, name: str) -> HttpResponseBase:
    """A generated track under MEDIA_ROOT/guidance/ (they hold no one's data, but are served to
    signed-in people only, like the rest of the course)."""
    path = safe_path(Path(settings.MEDIA_ROOT) / "guidance", name, set(AUDIO_TYPES))
    return ranged_file_response(request, path, AUDIO_TYPES[path.suffix])


@require_GET
@login_required
def recording_audio(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """A cohort's own recording: its participants and its instructors only (404 for anyone
    else, so its existence does not leak)."""
    recording = get_object_or_404(
        CohortRecording.objects.select_related("cohort"), public_id=public_id
    )
    enrolment = current_enrolment(request.user)  # type: ignore[arg-type]
    in_cohort = enrolment is not None and enrolment.cohort_id == recording.cohort_id
    teaches = recording.cohort.instructors.filter(pk=request.user.pk).exists()
    if not (in_cohort or teaches):
        raise Http404("No such recording.")
    root = Path(settings.MEDIA_ROOT)
    path = safe_path(root, recording.file.name, {f".{recording.extension}"})
    return ranged_file_response(request, path, recording.content_type)
