"""The "Your data" page and what it offers: download, delete (with a grace period), and who
has looked. Everything here is about the signed-in person only."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access_log import accesses_of
from accounts.consent import NOTICE_VERSION
from accounts.models import ConsentRecord, User
from privacy import actions, erase
from privacy.forms import ConfirmDeletionForm
from privacy.links import export_id_from
from privacy.models import DataExport, DeletionRequest


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice in plain words, readable before joining."""
    return render(request, "privacy/notice.html", {"version": NOTICE_VERSION})


@require_GET
@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    return render(
        request,
        "privacy/your_data.html",
        {
            "exports": DataExport.objects.filter(user=user)[:5],
            "deletion": DeletionRequest.objects.filter(user=user).first(),
            "accesses": accesses_of(user),
            "consents": ConsentRecord.objects.filter(user=user),
        },
    )


@require_POST
@login_required
def request_export(request: HttpRequest) -> HttpResponse:
    actions.request_export(_me(request))
    messages.success(
        request, "We are preparing your data. You will get an e-mail with a link when it is ready."
    )
    return redirect("privacy:your_data")


@require_GET
@login_required
def download(request: HttpRequest, token: str) -> FileResponse:
    """The ZIP, to its owner only, while the link is valid. Anyone else gets a plain 404."""
    public_id = export_id_from(token)
    item = (
        DataExport.objects.filter(public_id=public_id, user=_me(request)).first()
        if public_id
        else None
    )
    if item is None or not item.is_downloadable():
        raise Http404("This download link has expired or is not yours.")
    path = Path(settings.MEDIA_ROOT) / item.path
    if not path.is_file():
        raise Http404("This download is no longer available.")
    response = FileResponse(path.open("rb"), as_attachment=True, filename="stillpoint-data.zip")
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Says what is kept and what goes, then asks for the password."""
    user = _me(request)
    form = ConfirmDeletionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        scheduled = actions.schedule_deletion(user)
        messages.success(
            request,
            f"Your account will be deleted on {scheduled.due_at:%-d %B %Y}. "
            "Until then you can cancel it here.",
        )
        return redirect("privacy:your_data")
    return render(
        request,
        "privacy/delete.html",
        {
            "form": form,
            "kept": erase.KEPT,
            "erased": erase.ERASED,
            "deletion": DeletionRequest.objects.filter(user=user).first(),
        },
    )


@require_POST
@login_required
def cancel_deletion(request: HttpRequest) -> HttpResponse:
    if actions.cancel_deletion(_me(request)):
        messages.success(request, "Deletion cancelled. Your account stays as it is.")
    return redirect("privacy:your_data")
