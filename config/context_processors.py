from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str | bool]:
    # OPEN_SIGNUP: the sign-in page offers "create an account" only when anyone may.
    return {"SITE_NAME": settings.SITE_NAME, "OPEN_SIGNUP": settings.STILLPOINT_OPEN_SIGNUP}
