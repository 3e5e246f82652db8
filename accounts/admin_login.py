"""The admin signs in through allauth's sign-in page, with its rate limits and second factor.

Django's own admin login form counts no failures, so every wrong password could be tried
there without limit. This view takes its place at /admin/login/ and sends the browser on to
allauth's page, keeping `next` so the person lands back in the admin.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    if request.user.is_authenticated:
        # Signed in but not staff: the admin would ask for a login again, allauth would send
        # the person straight back, and the two would loop.
        raise PermissionDenied("This account cannot use the admin site.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
