from django.contrib import admin

from homework.models import PracticeLog


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
    search_fields = ("enrolment__participant__email", "note")
    date_hierarchy = "practised_on"
    list_select_related = ("enrolment__participant", "enrolment__cohort", "practice")
    autocomplete_fields = ("enrolment",)
    readonly_fields = ("public_id", "created_at", "updated_at")
