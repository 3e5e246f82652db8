"""HTTP headers every response gets (the Content-Security-Policy comes from django-csp)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


def permissions_policy_header(policy: dict[str, str]) -> str:
    """`{"camera": "()", "autoplay": "(self)"}` -> `camera=(), autoplay=(self)`."""
    return ", ".join(f"{feature}={allowlist}" for feature, allowlist in policy.items())


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response, and no caching of anything a signed-in person sees.

    Pages and CSV exports for a signed-in person hold health data: `no-store` keeps them out of
    the browser's disk cache and the back button of a shared computer, `private` out of any
    shared proxy. The check runs after the view so that the response to signing in is covered
    too, and signing out is not (the person is anonymous by then).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
