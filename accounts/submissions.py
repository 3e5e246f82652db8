"""Refusing a form sent twice (a double click, a re-sent POST after "back"), for any form.

The form carries a random `submission_token` (SubmissionTokenMixin); the write runs inside
`submitted_once(user, token)`, which records the token in the same transaction. A second
request with the same token finds it taken and raises AlreadySubmitted, so nothing is stored
twice; if the write itself fails, the record goes with it and the form can be sent again.
This is the practice log's idempotency token (homework.actions.find_resubmission) made
generic, so announcements, comments and new cohorts need no column of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import IntegrityError, transaction

from accounts.models import SubmittedForm, User


class AlreadySubmitted(Exception):
    """This exact form was already sent and acted on."""


class SubmissionTokenMixin(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


@contextmanager
def submitted_once(user: User, token: uuid.UUID | None, form_name: str) -> Iterator[None]:
    """Run the body once per token: AlreadySubmitted if this token has been used.

    A form without a token (an old page, a script) is not de-duplicated, as before.
    """
    with transaction.atomic():
        if token is not None:
            try:
                with transaction.atomic():
                    SubmittedForm.objects.create(user=user, token=token, form=form_name)
            except IntegrityError as error:
                raise AlreadySubmitted from error
        yield
