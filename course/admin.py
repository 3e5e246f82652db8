from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from course import recordings
from course.models import (
    Announcement,
    AnnouncementDismissal,
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    CohortRecording,
    Curriculum,
    CurriculumWeek,
    Enrolment,
    InformalHomework,
    Invitation,
    Practice,
    PracticeAssignment,
    Reading,
)


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "category", "part_of_mbsr", "typical_minutes", "position")
    list_filter = ("category", "part_of_mbsr")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


class CurriculumWeekInline(admin.TabularInline):
    model = CurriculumWeek
    extra = 0
    fields = ("kind", "number", "theme")
    show_change_link = True


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "lineage", "is_active", "week_count")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "description", "lineage")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("public_id", "updated_at")
    inlines = [CurriculumWeekInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Curriculum]:
        return super().get_queryset(request).annotate(week_total=Count("weeks"))

    @admin.display(description="weeks", ordering="week_total")
    def week_count(self, obj: Curriculum) -> int:
        return obj.week_total  # type: ignore[attr-defined]


class ReadingInline(admin.StackedInline):
    model = Reading
    extra = 0


class PracticeAssignmentInline(admin.TabularInline):
    model = PracticeAssignment
    extra = 0
    autocomplete_fields = ("practice",)
    filter_horizontal = ("also_counts",)


class InformalHomeworkInline(admin.TabularInline):
    model = InformalHomework
    extra = 0


@admin.register(CurriculumWeek)
class CurriculumWeekAdmin(admin.ModelAdmin):
    list_display = ("curriculum", "kind", "number", "theme")
    list_filter = ("curriculum", "kind")
    search_fields = ("theme", "description", "curriculum__name")
    list_select_related = ("curriculum",)
    inlines = [PracticeAssignmentInline, InformalHomeworkInline, ReadingInline]


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = ("title", "week", "estimated_minutes")
    list_filter = ("week__curriculum",)
    search_fields = ("title", "summary")
    list_select_related = ("week__curriculum",)


class CohortAssignmentInline(admin.TabularInline):
    model = CohortAssignment
    extra = 0
    fields = (
        "week",
        "position",
        "practice",
        "also_counts",
        "target_minutes_per_day",
        "target_days_per_week",
        "note",
    )
    autocomplete_fields = ("practice",)


class ClassSessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0
    fields = (
        "kind",
        "number",
        "starts_at",
        "duration_minutes",
        "location",
        "video_link",
        "is_cancelled",
        "note",
    )


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ("participant", "status", "joined_at")
    autocomplete_fields = ("participant",)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "curriculum",
        "start_date",
        "time_zone",
        "capacity",
        "participant_count",
    )
    list_filter = ("curriculum", "time_zone")
    search_fields = ("title", "location", "instructors__email", "instructors__display_name")
    date_hierarchy = "start_date"
    filter_horizontal = ("instructors",)
    readonly_fields = ("public_id", "created_at")
    list_select_related = ("curriculum",)
    inlines = [ClassSessionInline, CohortAssignmentInline, EnrolmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return super().get_queryset(request).annotate(participant_total=Count("enrolments"))

    @admin.display(description="participants", ordering="participant_total")
    def participant_count(self, obj: Cohort) -> int:
        return obj.participant_total  # type: ignore[attr-defined]


@admin.register(ClassSession)
class ClassSessionAdmin(admin.ModelAdmin):
    list_display = ("cohort", "kind", "number", "starts_at", "duration_minutes", "is_cancelled")
    list_filter = ("kind", "is_cancelled", "cohort")
    search_fields = ("cohort__title", "location", "note")
    date_hierarchy = "starts_at"
    list_select_related = ("cohort",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("participant", "cohort", "status", "joined_at")
    list_filter = ("status", "cohort")
    search_fields = ("participant__email", "participant__display_name", "cohort__title")
    autocomplete_fields = ("participant", "cohort")
    readonly_fields = ("public_id", "created_at")
    list_select_related = ("participant", "cohort")


@admin.register(CohortAssignment)
class CohortAssignmentAdmin(admin.ModelAdmin):
    list_display = ("cohort", "week", "practice", "target_minutes_per_day", "target_days_per_week")
    list_filter = ("cohort", "week")
    search_fields = ("cohort__title", "practice__name")
    list_select_related = ("cohort", "practice")
    filter_horizontal = ("also_counts",)


@admin.register(PracticeAssignment)
class PracticeAssignmentAdmin(admin.ModelAdmin):
    list_display = ("week", "practice", "target_minutes_per_day", "target_days_per_week")
    list_filter = ("week__curriculum", "week__number")
    search_fields = ("practice__name", "note", "week__theme")
    list_select_related = ("week__curriculum", "practice")
    filter_horizontal = ("also_counts",)


@admin.register(InformalHomework)
class InformalHomeworkAdmin(admin.ModelAdmin):
    list_display = ("title", "week", "calendar", "entries_expected")
    list_filter = ("week__curriculum", "calendar")
    search_fields = ("title", "instructions")
    list_select_related = ("week__curriculum",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "session", "status", "recorded_at")
    list_filter = ("status", "session__cohort")
    search_fields = ("enrolment__participant__email", "enrolment__participant__display_name")
    list_select_related = ("enrolment__participant", "session__cohort")
    raw_id_fields = ("enrolment", "session", "recorded_by")


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("subject", "cohort", "audience", "author", "created_at")
    list_filter = ("audience", "cohort")
    search_fields = ("subject", "body", "cohort__title")
    list_select_related = ("cohort", "author")
    raw_id_fields = ("cohort", "author", "recipients")
    readonly_fields = ("public_id",)


@admin.register(AnnouncementDismissal)
class AnnouncementDismissalAdmin(admin.ModelAdmin):
    list_display = ("announcement", "enrolment", "dismissed_at")
    list_filter = ("announcement__cohort",)
    search_fields = ("announcement__subject", "enrolment__participant__email")
    list_select_related = ("announcement", "enrolment__participant", "enrolment__cohort")
    raw_id_fields = ("announcement", "enrolment")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "cohort", "invited_by", "last_sent_at", "accepted_at", "revoked_at")
    list_filter = ("cohort",)
    search_fields = ("email", "cohort__title")
    list_select_related = ("cohort", "invited_by")
    raw_id_fields = ("cohort", "invited_by", "accepted_by")
    readonly_fields = ("public_id", "send_count")


class CohortRecordingAdminForm(forms.ModelForm):
    """The same checks as the instructors' upload page: type by content, size capped."""

    class Meta:
        model = CohortRecording
        fields = ["cohort", "practice", "file", "uploaded_by"]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):  # a new file; an unchanged one was checked before
            recordings.describe(self.instance, upload, recordings.check_upload(upload))
        return upload


@admin.register(CohortRecording)
class CohortRecordingAdmin(admin.ModelAdmin):
    # Instructors upload from /teach/<cohort>/recordings/; operators can do the same here.
    form = CohortRecordingAdminForm
    list_display = ("practice", "cohort", "content_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("practice",)
    list_select_related = ("practice", "cohort", "uploaded_by")
    search_fields = ("practice__name", "cohort__title")
    readonly_fields = ("content_type", "extension", "size", "uploaded_at")
