"""The support pages, under /support/ (namespace "support"): open to anyone, no sign-in."""

from django.urls import path

from outcomes import views

app_name = "support"

urlpatterns = [
    path("if-practice-is-hard/", views.if_practice_is_hard, name="if_hard"),
    path("movement/", views.movement, name="movement"),
]
