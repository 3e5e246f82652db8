"""Print a message exactly as it would be sent, without sending it or touching the ledger."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from course.calendar import COURSE_WEEKS
from course.models import ClassSession
from homework.access import current_enrolment
from notifications.compose import prepare
from notifications.due import last_ended_week
from notifications.models import Delivery, Kind

PREVIEWABLE = [Kind.DAILY, Kind.CLASS, Kind.SUMMARY, Kind.DIGEST]


class Command(BaseCommand):
    help = "Print the subject, headers, text and HTML of a message for one user (nothing is sent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=[str(k) for k in PREVIEWABLE])
        parser.add_argument("--user", required=True, help="The recipient's e-mail address.")
        parser.add_argument(
            "--week", type=int, help="Course week (summary); default the last ended."
        )
        parser.add_argument("--no-html", action="store_true", help="Leave out the HTML part.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No user with the address {options['user']}.")
        kind, now = options["kind"], timezone.now()
        delivery = Delivery(recipient=user, kind=kind, period="preview")
        if kind == Kind.DAILY:
            delivery.period = user.local_date(now).isoformat()
        elif kind in (Kind.CLASS, Kind.DIGEST):
            sessions = ClassSession.objects.filter(starts_at__gt=now, is_cancelled=False)
            if kind == Kind.CLASS:
                sessions = sessions.filter(cohort__enrolments__participant=user)
            else:
                sessions = sessions.filter(cohort__instructors=user, number__gte=2)
            session = sessions.order_by("starts_at").first()
            if session is None:
                raise CommandError("No upcoming class for this user.")
            delivery.context = {"session": str(session.public_id)}
        elif kind == Kind.SUMMARY:
            enrolment = current_enrolment(user)
            if enrolment is None:
                raise CommandError("This user is not enrolled in any cohort.")
            week = options["week"] or last_ended_week(enrolment.cohort, now) or 1
            if not 1 <= week <= COURSE_WEEKS:
                raise CommandError(f"--week must be between 1 and {COURSE_WEEKS}.")
            delivery.context = {"enrolment": enrolment.pk, "week": week}
        delivery.recipient = User.objects.select_related("notification_settings").get(pk=user.pk)
        item = prepare([delivery], now, preview=True)[0]
        if item.message is None:
            raise CommandError(f"This message would not be sent: {item.skip_reason}")
        message = item.message
        self.stdout.write(f"To: {', '.join(message.to)}")
        self.stdout.write(f"Subject: {message.subject}")
        for name, value in message.extra_headers.items():
            self.stdout.write(f"{name}: {value}")
        for filename, _content, mimetype in message.attachments:
            self.stdout.write(f"Attachment: {filename} ({mimetype})")
        self.stdout.write("\n" + message.body)
        if not options["no_html"]:
            for content, mimetype in message.alternatives:
                text = content.decode() if isinstance(content, bytes) else str(content)
                self.stdout.write(f"--- {mimetype} ---\n{text}")
