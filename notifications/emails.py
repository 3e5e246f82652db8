"""The one e-mail helper: every message is rendered from three templates here.

Sending goes through the delivery ledger (notifications.send), never straight from a view.

For a message called NAME the templates are `emails/NAME-subject.txt`, `emails/NAME-body.txt`
and `emails/NAME-body.html`. Links in e-mails are absolute, built from settings.SITE_URL (never
from a request, which a worker does not have).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """`/practice/log/` → `https://stillpoint.example.org/practice/log/`."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path


def render_email(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Subject (one line), plain-text body and HTML body of message NAME."""
    full = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", full).split())
    text = render_to_string(f"emails/{name}-body.txt", full).strip() + "\n"
    html = render_to_string(f"emails/{name}-body.html", full)
    return subject, text, html


def build_email(
    name: str,
    to: str,
    context: Mapping[str, Any],
    *,
    headers: Mapping[str, str] | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
) -> EmailMultiAlternatives:
    subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message
