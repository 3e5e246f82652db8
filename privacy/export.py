"""Everything we hold about one person, as a ZIP of JSON and CSV ("Download my data").

`collect(user)` is the single list of what belongs to a person: the export writes it and the
tests compare it with the database, table by table. Each table is one CSV file, and
`data.json` holds them all. A fixed number of queries, whatever the size of the history.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import uuid
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import AccessRecord, ConsentRecord, User
from course.models import Attendance, Enrolment, Invitation
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)
from notifications.models import Delivery, NotificationSettings
from outcomes.models import Answer, Response

USER_FIELDS = [
    "public_id",
    "email",
    "display_name",
    "time_zone",
    "share_by_default",
    "is_instructor",
    "date_joined",
    "last_login",
    "privacy_notice_seen_at",
]
# Bookkeeping that says nothing about the person (claim tokens, internal ids of other rows).
LEFT_OUT = {"claim_token", "claimed_at", "submission_token"}


def _rows(queryset: QuerySet[Any], fields: list[str] | None = None) -> list[dict[str, Any]]:
    values = queryset.values(*fields) if fields else queryset.values()
    return [{k: v for k, v in row.items() if k not in LEFT_OUT} for row in values]


def collect(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every row about `user`, by table name, oldest first where there is a date."""
    enrolments = Enrolment.objects.filter(participant=user)
    mine = {"enrolment__participant": user}
    return {
        "account": _rows(User.objects.filter(pk=user.pk), USER_FIELDS),
        "email_addresses": _rows(
            EmailAddress.objects.filter(user=user), ["email", "verified", "primary"]
        ),
        "notification_settings": _rows(NotificationSettings.objects.filter(user=user)),
        "enrolments": _rows(
            enrolments.order_by("created_at"),
            [
                "public_id",
                "cohort__title",
                "cohort__start_date",
                "status",
                "joined_at",
                "created_at",
            ],
        ),
        "invitations": _rows(
            Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user)).order_by(
                "created_at"
            ),
            ["public_id", "cohort__title", "email", "created_at", "accepted_at"],
        ),
        "attendance": _rows(
            Attendance.objects.filter(**mine).order_by("session__starts_at"),
            ["session__cohort__title", "session__number", "session__starts_at", "status"],
        ),
        "practice_logs": _rows(
            PracticeLog.objects.filter(**mine).order_by("practised_on", "created_at"),
            [
                "public_id",
                "practice__name",
                "practised_on",
                "minutes",
                "guided",
                "note",
                "shared_with_instructors",
                "created_at",
            ],
        ),
        "readings_done": _rows(
            ReadingDone.objects.filter(**mine).order_by("done_at"), ["reading__title", "done_at"]
        ),
        "calendar_entries": _rows(
            CalendarEntry.objects.filter(**mine).order_by("occurred_on"),
        ),
        "check_ins": _rows(CheckIn.objects.filter(**mine).order_by("day")),
        "questionnaire_responses": _rows(
            Response.objects.filter(**mine).order_by("created_at"),
            [
                "public_id",
                "instrument__title",
                "time_point",
                "status",
                "created_at",
                "submitted_at",
            ],
        ),
        "questionnaire_answers": _rows(
            Answer.objects.filter(response__enrolment__participant=user).order_by(
                "response__created_at", "item__position"
            ),
            ["response__public_id", "item__position", "item__wording", "value", "text"],
        ),
        "comments_received": _rows(
            InstructorComment.objects.filter(**mine).order_by("created_at"),
            ["public_id", "week", "author__display_name", "text", "created_at", "read_at"],
        ),
        # Private messages and replies, both ways (homework.models.Message).
        "messages": _rows(
            Message.objects.filter(**mine).order_by("created_at"),
            [
                "public_id",
                "from_participant",
                "author__display_name",
                "text",
                "created_at",
                "read_at",
            ],
        ),
        "emails_sent": _rows(
            Delivery.objects.filter(
                Q(recipient=user) | Q(recipient=None, to__iexact=user.email)
            ).order_by("created_at"),
            ["public_id", "kind", "period", "to", "status", "context", "sent_at", "created_at"],
        ),
        "consent_records": _rows(
            ConsentRecord.objects.filter(user=user).order_by("given_at"),
            ["purpose", "notice_version", "given_at"],
        ),
        "access_log": _rows(
            AccessRecord.objects.filter(subject=user).order_by("at"),
            ["at", "viewer_name", "what", "context"],
        ),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v) if isinstance(v, dict | list) else _plain(v)
                    for k, v in row.items()
                }
            )
    return out.getvalue()


README = """\
Your data from {site}, as it stood on {when}.

data.json holds every table below; each table is also a CSV file that opens in a spreadsheet.
{tables}
Dates and times are in UTC unless a column is a local date (practised_on, day, occurred_on).
"""


def build_zip(user: User, now: dt.datetime | None = None) -> bytes:
    """The ZIP as bytes: README.txt, data.json and one CSV per table."""
    now = now or timezone.now()
    tables = collect(user)
    plain = {
        name: [{k: _plain(v) for k, v in r.items()} for r in rows] for name, rows in tables.items()
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        listing = "".join(f"- {name}.csv: {len(rows)} row(s)\n" for name, rows in tables.items())
        archive.writestr(
            "README.txt",
            README.format(site=settings.SITE_NAME, when=now.isoformat(), tables=listing),
        )
        archive.writestr("data.json", json.dumps(plain, indent=2, ensure_ascii=False))
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()
