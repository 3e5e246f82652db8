"""Hooks into django-allauth."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.forms import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from accounts.signup import gate


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Participants join through an instructor's invitation: a browser that has confirmed a
        # usable invitation may sign up. Anyone-can-join is an operator's choice, off unless
        # STILLPOINT_OPEN_SIGNUP is set.
        if settings.STILLPOINT_OPEN_SIGNUP:
            return True
        signup_gate = gate()
        return signup_gate is not None and signup_gate.invited_email(request) is not None

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count a sign-in attempt against this IP *and* address, then against the address.

        allauth keys its failed-login limit by address alone, so five wrong passwords from
        anyone lock the owner out. Here the tight limit is per IP and address, and the
        per-address limit ("login_failed_address") is far higher. A successful sign-in rolls
        both back (allauth's authenticate() calls the rollback on the usage stored below).
        """
        login = str(credentials.get("email") or credentials.get("username") or "").lower()
        ip = self.get_client_ip(request)
        usages: list[ratelimit.SingleRateLimitUsage] = []
        for action, key in (("login_failed", f"{ip}|{login}"), ("login_failed_address", login)):
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if usage is None:
                for earlier in usages:
                    earlier.rollback()
                raise self.validation_error("too_many_login_attempts")
            usages.extend(usage.usage)
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=usages)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth calls this after a successful password reset: the owner proved the mailbox,
        # so the counts kept under our keys (see pre_authenticate) start afresh.
        login = str(credentials.get("email") or credentials.get("username") or "").lower()
        ip = self.get_client_ip(request)
        for action, key in (("login_failed", f"{ip}|{login}"), ("login_failed_address", login)):
            ratelimit.clear(request, app="allauth.account", action=action, key=key)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's own context names the site after the request's host ("127.0.0.1:8112");
        # our templates (templates/account/email/) use the configured name and address.
        context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def get_reset_password_from_key_url(self, key: str) -> str:
        # Links in e-mails come from SITE_URL, never from the Host header of the request.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = self.request
        signup_gate = gate()
        invited = signup_gate.invited_email(request) if request and signup_gate else None
        # The invitation proved one address; an account under another would enrol someone
        # whose address nobody checked.
        if invited is not None and email.lower() != invited.lower():
            raise ValidationError(
                f"Please sign up with the address the invitation was sent to: {invited}."
            )
        return email

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        signup_gate = gate()
        user = super().save_user(request, user, form, commit=False)
        zone = signup_gate.time_zone(request) if signup_gate else None
        if zone:
            # A new participant starts on their cohort's clock (days, weeks, reminder times);
            # they can pick another zone on their preferences page.
            user.time_zone = zone
        if commit:
            user.save()
            if signup_gate is not None:
                signup_gate.joined(request, user)
        return user
