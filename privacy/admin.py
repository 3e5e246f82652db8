from django.contrib import admin

from privacy.models import AnonymisedCohort, DataExport, DeletionRequest


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ("public_id", "user", "status", "size", "requested_at", "ready_at")
    list_filter = ("status",)
    search_fields = ("user__email",)
    raw_id_fields = ("user",)
    readonly_fields = ("public_id", "path")


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "requested_at", "due_at")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(AnonymisedCohort)
class AnonymisedCohortAdmin(admin.ModelAdmin):
    list_display = ("cohort", "anonymised_at", "enrolments")
    search_fields = ("cohort__title",)
    raw_id_fields = ("cohort",)
