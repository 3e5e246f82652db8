"""A minimal iCalendar (RFC 5545) event for a class, so it lands in the participant's calendar.

Written by hand because it is one event with a handful of properties: CRLF line ends, text
escaped, long lines folded at 75 octets, times in UTC so no VTIMEZONE block is needed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from course.models import ClassSession


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not pieces else 74):
            pieces.append(current.decode())
            current = b""
        current += encoded
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def _utc(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_event(session: ClassSession, now: dt.datetime | None = None) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "stillpoint"
    place = session.place or session.link
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{settings.SITE_NAME}//Class reminder//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # Stable per session: a second reminder (e.g. after a change) updates the same event.
        f"UID:{session.public_id}@{host}",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_escape(f'{session.cohort.title}: {session.label}')}",
    ]
    if place:
        lines.append(f"LOCATION:{_escape(place)}")
    if session.link:
        lines.append(f"URL:{session.link}")
    if session.note:
        lines.append(f"DESCRIPTION:{_escape(session.note)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
