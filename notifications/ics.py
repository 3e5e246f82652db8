"""The calendar entry for a class (RFC 5545), and its updates and cancellations (RFC 5546).

Every message about one class carries the same UID, so a calendar keeps one event for it; each
move or cancellation raises the session's SEQUENCE, and a cancellation is sent as
METHOD:CANCEL. Times are in the cohort's own zone with its VTIMEZONE, so a calendar shows the
class at the right wall-clock time across daylight-saving changes. Built with `icalendar`.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone

from course.models import ClassSession


def uid(session: ClassSession) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "stillpoint"
    return f"{session.public_id}@{host}"


def method(session: ClassSession) -> str:
    return "CANCEL" if session.is_cancelled else "REQUEST"


def mimetype(session: ClassSession) -> str:
    """Mail clients act on an invitation only when its part names the method (RFC 6047)."""
    return f"text/calendar; method={method(session)}"


def session_event(session: ClassSession, now: dt.datetime | None = None, attendee: str = "") -> str:
    """The class as an invitation to add (REQUEST), or to remove once cancelled (CANCEL), from
    the site's address (ORGANIZER) to `attendee`, as RFC 5546 asks of both."""
    cancelled = session.is_cancelled
    zone = session.cohort.zone
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Classes//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method(session))
    event = icalendar.Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", f"{session.cohort.title}: {session.label}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = icalendar.vText(settings.SITE_NAME)
    event.add("organizer", organizer)
    if attendee:
        guest = icalendar.vCalAddress(f"mailto:{attendee}")
        guest.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", guest)
    if session.place or session.link:
        event.add("location", session.place or session.link)
    if session.link:
        event.add("url", session.link)
    if session.note:
        event.add("description", session.note)
    calendar.add_component(event)
    # Only the rules around the class are needed, not a century of them.
    year = session.starts_at.year
    calendar.add_missing_timezones(
        first_date=dt.date(year - 1, 1, 1), last_date=dt.date(year + 2, 1, 1)
    )
    return calendar.to_ical().decode()
