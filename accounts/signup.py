"""A hook through which a higher app decides who may sign up, without accounts importing it.

accounts is the bottom layer: it knows people, not courses. Joining by invitation is the
course's business, so `course` registers a `SignupGate` when it starts (see course/apps.py) and
the allauth adapter asks it. With no gate registered, sign-up follows STILLPOINT_OPEN_SIGNUP
alone.
"""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest

from accounts.models import User


class SignupGate(Protocol):
    def invited_email(self, request: HttpRequest) -> str | None:
        """The address this browser was invited with, if it holds a usable invitation."""

    def time_zone(self, request: HttpRequest) -> str | None:
        """The zone a person invited through this browser starts on."""

    def joined(self, request: HttpRequest, user: User) -> None:
        """Called once the new account exists (saved)."""


_gate: SignupGate | None = None


def register_gate(gate: SignupGate) -> None:
    global _gate
    _gate = gate


def gate() -> SignupGate | None:
    return _gate
