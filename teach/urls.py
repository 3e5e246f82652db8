"""Instructor pages, under /teach/ (namespace "teach"). Cohorts and people by public UUID."""

from django.urls import path

from teach.views import (
    announcements,
    attendance,
    cohorts,
    conversations,
    exports,
    intake,
    invitations,
    outcomes,
    recordings,
    roster,
)

app_name = "teach"

urlpatterns = [
    path("", cohorts.home, name="home"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("outcomes/", outcomes.all_outcomes, name="outcomes_all"),
    path("outcomes/export.csv", outcomes.export_all_outcomes, name="export_all_outcomes"),
    path("<uuid:cohort>/", roster.roster, name="roster"),
    path("<uuid:cohort>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("<uuid:cohort>/schedule/", cohorts.schedule, name="schedule"),
    path("<uuid:cohort>/targets/", cohorts.targets, name="targets"),
    path("<uuid:cohort>/clone/", cohorts.clone, name="clone"),
    path("<uuid:cohort>/invitations/", invitations.invitation_list, name="invitations"),
    path(
        "<uuid:cohort>/invitations/<uuid:invitation>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<uuid:cohort>/invitations/<uuid:invitation>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "<uuid:cohort>/participants/<uuid:enrolment>/",
        roster.participant,
        name="participant",
    ),
    path(
        "<uuid:cohort>/participants/<uuid:enrolment>/comment/",
        roster.comment,
        name="comment",
    ),
    path(
        "<uuid:cohort>/participants/<uuid:enrolment>/messages/",
        conversations.message,
        name="message",
    ),
    path(
        "<uuid:cohort>/sessions/<uuid:session>/attendance/",
        attendance.attendance,
        name="attendance",
    ),
    path("<uuid:cohort>/recordings/", recordings.recordings, name="recordings"),
    path(
        "<uuid:cohort>/recordings/<uuid:recording>/delete/",
        recordings.recording_delete,
        name="recording_delete",
    ),
    path("<uuid:cohort>/intake/", intake.intake_list, name="intake"),
    path("<uuid:cohort>/intake/<uuid:enrolment>/", intake.intake_detail, name="intake_detail"),
    path("<uuid:cohort>/announcements/", announcements.announcements, name="announcements"),
    path("<uuid:cohort>/export/weeks.csv", exports.export_weeks, name="export_weeks"),
    path("<uuid:cohort>/export/entries.csv", exports.export_entries, name="export_entries"),
    path("<uuid:cohort>/outcomes/", outcomes.cohort_outcomes, name="outcomes"),
    path("<uuid:cohort>/outcomes/settings/", outcomes.outcome_settings, name="outcome_settings"),
    path(
        "<uuid:cohort>/outcomes/export.csv", outcomes.export_cohort_outcomes, name="export_outcomes"
    ),
]
