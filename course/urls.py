"""Instructor pages, under /teach/ (namespace "teach"). Cohorts and people by public UUID."""

from django.urls import path

from course import instructor_views as views
from course import roster_views

app_name = "teach"

urlpatterns = [
    path("", views.home, name="home"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("<uuid:cohort>/", roster_views.roster, name="roster"),
    path("<uuid:cohort>/edit/", views.cohort_edit, name="cohort_edit"),
    path("<uuid:cohort>/schedule/", views.schedule, name="schedule"),
    path("<uuid:cohort>/targets/", views.targets, name="targets"),
    path("<uuid:cohort>/clone/", views.clone, name="clone"),
    path("<uuid:cohort>/invitations/", views.invitation_list, name="invitations"),
    path(
        "<uuid:cohort>/invitations/<uuid:invitation>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<uuid:cohort>/invitations/<uuid:invitation>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<uuid:cohort>/participants/<uuid:enrolment>/",
        roster_views.participant,
        name="participant",
    ),
    path(
        "<uuid:cohort>/participants/<uuid:enrolment>/comment/",
        roster_views.comment,
        name="comment",
    ),
    path(
        "<uuid:cohort>/sessions/<uuid:session>/attendance/",
        roster_views.attendance,
        name="attendance",
    ),
    path("<uuid:cohort>/announcements/", roster_views.announcements, name="announcements"),
    path("<uuid:cohort>/export/weeks.csv", roster_views.export_weeks, name="export_weeks"),
    path("<uuid:cohort>/export/entries.csv", roster_views.export_entries, name="export_entries"),
]
