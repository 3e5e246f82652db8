from django.contrib import admin

from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)

PARTICIPANT_SEARCH = ("enrolment__participant__email", "enrolment__participant__display_name")


@admin.register(PracticeLog)
class PracticeLogAdmin(admin.ModelAdmin):
    list_display = (
        "enrolment",
        "practice",
        "practised_on",
        "minutes",
        "guided",
        "shared_with_instructors",
    )
    list_filter = ("practice", "guided", "shared_with_instructors", "enrolment__cohort")
    search_fields = (*PARTICIPANT_SEARCH, "note")
    date_hierarchy = "practised_on"
    list_select_related = ("enrolment__participant", "enrolment__cohort", "practice")
    autocomplete_fields = ("enrolment",)
    readonly_fields = ("public_id", "created_at", "updated_at")


@admin.register(ReadingDone)
class ReadingDoneAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "reading", "done_at")
    list_filter = ("enrolment__cohort",)
    search_fields = (*PARTICIPANT_SEARCH, "reading__title")
    list_select_related = ("enrolment__participant", "enrolment__cohort", "reading")
    autocomplete_fields = ("enrolment",)


@admin.register(CalendarEntry)
class CalendarEntryAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "kind", "occurred_on", "shared_with_instructors")
    list_filter = ("kind", "shared_with_instructors", "enrolment__cohort")
    search_fields = (*PARTICIPANT_SEARCH, "event")
    date_hierarchy = "occurred_on"
    list_select_related = ("enrolment__participant", "enrolment__cohort")
    autocomplete_fields = ("enrolment",)
    readonly_fields = ("public_id", "created_at", "updated_at")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = (
        "enrolment",
        "day",
        "pain",
        "stress",
        "sleep_quality",
        "shared_with_instructors",
    )
    list_filter = ("enrolment__cohort",)
    search_fields = PARTICIPANT_SEARCH
    date_hierarchy = "day"
    list_select_related = ("enrolment__participant", "enrolment__cohort")
    autocomplete_fields = ("enrolment",)
    readonly_fields = ("public_id", "created_at", "updated_at")


@admin.register(InstructorComment)
class InstructorCommentAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "week", "author", "created_at")
    list_filter = ("enrolment__cohort",)
    search_fields = (*PARTICIPANT_SEARCH, "text")
    list_select_related = ("enrolment__participant", "enrolment__cohort", "author")
    raw_id_fields = ("enrolment", "author", "practice_log", "calendar_entry", "check_in")
    readonly_fields = ("public_id", "created_at")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "author", "from_participant", "created_at", "read_at")
    list_filter = ("enrolment__cohort", "from_participant")
    search_fields = (*PARTICIPANT_SEARCH, "text")
    list_select_related = ("enrolment__participant", "enrolment__cohort", "author")
    raw_id_fields = ("enrolment", "author", "comment", "thread")
    readonly_fields = ("public_id", "created_at")
