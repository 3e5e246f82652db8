"""Participant pages: my questionnaires, and one questionnaire to answer.

Only the enrolment's own participant can see or answer its questionnaires: every lookup filters
on the signed-in person, so anyone else (instructors included) gets a 404, not a hint.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from course import texts
from course.models import Enrolment
from outcomes import intake, selectors, support
from outcomes.actions import AlreadySubmitted, save_answers
from outcomes.before_after import AFTER, before_and_after
from outcomes.forms import SUBMIT, QuestionnaireForm
from outcomes.models import Answer, Instrument, Item, Response, TimePoint


@require_GET
@login_required
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    found = selectors.questionnaires(selectors.enrolments_answering(request.user))  # type: ignore[arg-type]
    context = {
        "open": [q for q in found if q.is_open(now) and not q.is_submitted],
        "sent": [q for q in found if q.is_submitted],
        # Whoever sent something after the course can compare it with before.
        "compared": list(
            {
                q.enrolment.pk: q.enrolment
                for q in found
                if q.time_point in AFTER and any(r.is_submitted for r in q.responses.values())
            }.values()
        ),
        "later": [
            q for q in found if q.window.opens_at > now and q.window.opens_at < q.window.closes_at
        ],
    }
    return render(request, "outcomes/list.html", context)


def _readonly(instruments: list[Instrument], responses: dict[int, Response]) -> list[dict]:
    """What was sent, as (question, answer) pairs in page order."""
    sections = []
    for instrument in instruments:
        response = responses[instrument.pk]
        answers = {a.item_id: a for a in response.answers.all()}
        rows = []
        for item in instrument.items.all():
            answer = answers.get(item.pk)
            rows.append((item.wording or f"Question {item.position}", _shown(item, answer)))
        sections.append({"instrument": instrument, "response": response, "rows": rows})
    return sections


def _shown(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return "Not answered"
    if answer.value is None:
        return answer.text
    value = answer.value
    label = dict(item.choices()).get(value, str(value))
    return label if label == str(value) or item.scale == Item.Scale.YES_NO else f"{value} ({label})"


def _intake_follow_up(enrolment: Enrolment) -> dict[str, bool]:
    """What a sent intake calls for, shown on its page: a medical check, a talk (one query)."""
    flags = intake.open_flags([enrolment.pk]).get(enrolment.pk, set())
    return {
        "medical_advice": intake.MEDICAL_ADVICE in flags,
        "talk_first": intake.TALK_FIRST in flags,
    }


@require_http_methods(["GET", "POST"])
@login_required
def questionnaire(request: HttpRequest, enrolment_id: uuid.UUID, time_point: str) -> HttpResponse:
    if time_point not in TimePoint.values:
        raise Http404("There is no such questionnaire.")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort", "participant"),
        public_id=enrolment_id,
        participant=request.user,
        status__in=selectors.ANSWERING,
    )
    found = selectors.questionnaire_for(enrolment, time_point)
    if found is None:
        raise Http404("Nothing is asked at this point of your course.")
    now = timezone.now()
    pending = [
        i
        for i in found.instruments
        if (r := found.responses.get(i.pk)) is None or not r.is_submitted
    ]
    sent = [i for i in found.instruments if i not in pending]
    context = {
        "q": found,
        "is_open": found.is_open(now),
        "sent_sections": _readonly(sent, found.responses),
        "form": None,
        "intake_follow_up": _intake_follow_up(enrolment) if time_point == TimePoint.INTAKE else {},
    }
    refused = None
    if request.method == "POST":
        if not pending:
            refused = "These answers were already sent and cannot be changed. Nothing was saved."
        elif not context["is_open"]:
            refused = "This questionnaire is closed, so nothing was saved."
    if refused:
        messages.error(request, refused)
        return render(request, "outcomes/questionnaire.html", context, status=409)

    if pending and context["is_open"]:
        drafts = [a for i in pending if (r := found.responses.get(i.pk)) for a in r.answers.all()]
        form = QuestionnaireForm(request.POST or None, instruments=pending, answers=drafts)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            submit = form.submitting
            try:
                save_answers(enrolment, time_point, pending, form.values(), submit=submit)
            except AlreadySubmitted:
                messages.error(request, "These answers were already sent; nothing was changed.")
                return redirect(request.path)
            if submit:
                messages.success(request, "Thank you: your answers were sent.")
                if time_point == TimePoint.INTAKE:
                    # Back to the page itself, which says at once what the answers call for.
                    return redirect(request.path)
                if time_point in AFTER:  # now there is a before and an after to look at
                    return redirect("outcomes:before_after", enrolment.public_id)
                return redirect("outcomes:list")
            messages.success(request, "Saved. You can come back and finish it while it is open.")
            return redirect(request.path)
    context["submit_value"] = SUBMIT
    return render(request, "outcomes/questionnaire.html", context)


@require_GET
@login_required
def before_after(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    """The person's own scores before the course and after it, with their practice beside."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort", "participant"),
        public_id=enrolment_id,
        participant=request.user,
        status__in=selectors.ANSWERING,
    )
    return render(request, "outcomes/before_after.html", {"view": before_and_after(enrolment)})


# --- Support pages (no sign-in needed: someone in a hard moment should never meet a login) ------


@require_GET
def if_practice_is_hard(request: HttpRequest) -> HttpResponse:
    found = support.support_for(request.user)
    text = texts.page(texts.IF_PRACTICE_IS_HARD)
    body = text.html(
        {
            texts.MESSAGE_INSTRUCTOR: support.message_instructor_block(found, request.path),
            texts.URGENT_HELP: found.urgent_help,
        }
    )
    return render(request, "outcomes/support_page.html", {"text": text, "body": body})


@require_GET
def movement(request: HttpRequest) -> HttpResponse:
    text = texts.page(texts.MOVEMENT)
    return render(request, "outcomes/support_page.html", {"text": text, "body": text.html()})
