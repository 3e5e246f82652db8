from django.urls import path

from homework import announcement_views, conversation_views, practice_views, views

app_name = "homework"

urlpatterns = [
    path("practices/", practice_views.practices, name="practices"),
    path("practices/timer/", practice_views.timer, name="timer"),
    path("practices/<slug:slug>/", practice_views.practice, name="practice"),
    path("practices/<slug:slug>/<int:minutes>/play/", practice_views.play, name="play"),
    path("audio/guidance/<path:name>", practice_views.guidance_audio, name="guidance_audio"),
    path(
        "audio/recordings/<uuid:public_id>/",
        practice_views.recording_audio,
        name="recording_audio",
    ),
    path("practice/", views.practice_list, name="practice_list"),
    path("practice/new/", views.log_practice, name="log_practice"),
    path("practice/<uuid:public_id>/edit/", views.edit_practice, name="edit_practice"),
    path("practice/<uuid:public_id>/delete/", views.delete_practice, name="delete_practice"),
    path("weeks/<int:number>/", views.week, name="week"),
    path("day-of-mindfulness/", views.day_of_mindfulness, name="day_of_mindfulness"),
    path("readings/<int:reading_id>/done/", views.reading_done, name="reading_done"),
    path("calendars/entries/<uuid:public_id>/edit/", views.calendar_edit, name="calendar_edit"),
    path(
        "calendars/entries/<uuid:public_id>/delete/", views.calendar_delete, name="calendar_delete"
    ),
    path("calendars/<slug:kind>/", views.calendar, name="calendar"),
    path("calendars/<slug:kind>/new/", views.calendar_new, name="calendar_new"),
    path("check-in/", views.check_in, name="check_in"),
    path("progress/", views.progress, name="progress"),
    path("how-we-count/", views.how_we_count, name="how_we_count"),
    path("privacy/seen/", views.privacy_seen, name="privacy_seen"),
    path("announcements/", announcement_views.announcements, name="announcements"),
    path(
        "announcements/<uuid:public_id>/dismiss/",
        announcement_views.dismiss_announcement,
        name="dismiss_announcement",
    ),
    path("messages/", conversation_views.inbox, name="inbox"),
    path(
        "messages/comments/<uuid:public_id>/",
        conversation_views.comment_thread,
        name="comment_thread",
    ),
    path("messages/<uuid:public_id>/", conversation_views.message_thread, name="message_thread"),
    path("messages/<uuid:public_id>/read/", conversation_views.mark_read, name="mark_read"),
]
