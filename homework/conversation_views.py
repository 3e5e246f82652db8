"""The participant's side of conversations with instructors: the inbox, one thread, a reply.

Every thread is looked up with the signed-in person as its participant, so anyone else (another
participant, an instructor, someone with no course) gets a 404, as for a thread that does not
exist. Instructors' side is in teach.views.conversations.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.submissions import AlreadySubmitted, submitted_once
from homework import actions, conversations
from homework.forms import ReplyForm
from homework.models import InstructorComment, Message


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Every comment and message from the instructors, with the replies (read or not)."""
    return render(request, "homework/inbox.html", conversations.threads_of(_user(request)))


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required ran first


def _thread(request: HttpRequest, root: InstructorComment | Message | None) -> HttpResponse:
    if root is None:
        raise Http404("There is no such conversation.")
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(_user(request), form.cleaned_data.get("submission_token"), "reply"):
                if isinstance(root, InstructorComment):
                    actions.reply(
                        root.enrolment,
                        _user(request),
                        form.cleaned_data["text"],
                        comment=root,
                    )
                else:
                    actions.reply(
                        root.enrolment,
                        _user(request),
                        form.cleaned_data["text"],
                        thread=root,
                    )
        except AlreadySubmitted:
            messages.info(request, "That reply was already sent.")
        except actions.EmptyMessage:
            form.add_error("text", "Write a few words to reply.")
        else:
            messages.success(request, "Reply sent to your instructors.")
            return redirect(root.get_absolute_url())
    # Opening the thread is reading it: it is no longer new on the dashboard.
    actions.read_thread(root)
    return render(
        request,
        "homework/thread.html",
        {
            "root": root,
            "is_comment": isinstance(root, InstructorComment),
            "replies": list(root.replies.all()),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def comment_thread(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _thread(request, conversations.comment_thread(_user(request), public_id))


@require_http_methods(["GET", "POST"])
@login_required
def message_thread(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _thread(request, conversations.message_thread(_user(request), public_id))


@require_POST
@login_required
def mark_read(request: HttpRequest, public_id: Any) -> HttpResponse:
    """ "Mark as read" on the dashboard: a plain form, no JavaScript needed."""
    user = _user(request)
    root: InstructorComment | Message | None
    if request.POST.get("kind") == "comment":
        root = conversations.comment_thread(user, public_id)
    else:
        root = conversations.message_thread(user, public_id)
    if root is None:
        raise Http404("There is no such conversation.")
    actions.read_thread(root)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(reverse("home"))
