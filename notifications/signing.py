"""Signed one-click unsubscribe links: the link itself is the proof, nothing is stored.

A token names one recipient (an account by its public id, or a bare address for people without
one) and one kind of message. It carries no expiry: a link in a message from the first week must
still work in the eighth.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from notifications.emails import absolute_url

SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeRequest:
    kind: str
    user_public_id: str | None = None
    email: str | None = None


def make_token(kind: str, *, user_public_id: str | None = None, email: str | None = None) -> str:
    if (user_public_id is None) == (email is None):
        raise ValueError("A token names either an account or an address.")
    payload: dict[str, str | None] = (
        {"k": kind, "u": user_public_id} if user_public_id else {"k": kind, "e": email}
    )
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> UnsubscribeRequest:
    """Raises signing.BadSignature for anything we did not sign."""
    payload = signing.loads(token, salt=SALT)
    if not isinstance(payload, dict) or "k" not in payload:
        raise signing.BadSignature("Unexpected payload")
    return UnsubscribeRequest(
        kind=payload["k"], user_public_id=payload.get("u"), email=payload.get("e")
    )


def unsubscribe_url(
    kind: str, *, user_public_id: str | None = None, email: str | None = None
) -> str:
    token = make_token(kind, user_public_id=user_public_id, email=email)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click headers: mail clients POST to the link without any cookies."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
