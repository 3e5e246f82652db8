"""TEMPORARY placeholders so `reverse("homework:...")` works on this branch.

The lead's participant pages replace this file at merge; nothing here is meant to stay.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "homework"


def placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("Participant pages are being built on another branch.")


urlpatterns = [
    path("", placeholder, name="dashboard"),
    path("practice/new/", placeholder, name="log_practice"),
    path("weeks/<int:number>/", placeholder, name="week"),
    path("preferences/", placeholder, name="preferences"),
]
