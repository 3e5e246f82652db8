from django.contrib import admin

from outcomes.models import (
    Answer,
    CohortOutcomeSettings,
    CohortSupport,
    Instrument,
    IntakeReview,
    Item,
    Response,
    Subscale,
)


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = (
        "position",
        "wording",
        "scale",
        "scale_min",
        "scale_max",
        "reverse_scored",
        "subscale",
    )


class SubscaleInline(admin.TabularInline):
    model = Subscale
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "version", "licensed", "usable", "scoring", "time_points")
    list_filter = ("licensed", "usable", "scoring")
    search_fields = ("title", "slug", "licence_note")
    # Usable is earned by loading wording (load_instrument), not ticked by hand.
    readonly_fields = ("usable",)
    inlines = [SubscaleInline, ItemInline]


@admin.register(Subscale)
class SubscaleAdmin(admin.ModelAdmin):
    list_display = ("title", "instrument", "slug", "max_missing")
    list_filter = ("instrument",)
    search_fields = ("title", "slug", "instrument__slug")
    list_select_related = ("instrument",)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("instrument", "position", "scale", "reverse_scored", "subscale")
    list_filter = ("instrument", "scale", "reverse_scored")
    search_fields = ("wording", "instrument__slug")
    list_select_related = ("instrument", "subscale")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ("item",)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "instrument", "time_point", "status", "submitted_at")
    list_filter = ("time_point", "status", "instrument")
    search_fields = (
        "enrolment__participant__email",
        "enrolment__cohort__title",
        "instrument__slug",
    )
    list_select_related = ("enrolment__participant", "enrolment__cohort", "instrument")
    raw_id_fields = ("enrolment",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("response", "item", "value")
    search_fields = ("response__enrolment__participant__email", "item__instrument__slug", "text")
    list_select_related = (
        "response__enrolment__participant",
        "response__enrolment__cohort",
        "response__instrument",
        "item__instrument",
    )
    raw_id_fields = ("response", "item")


@admin.register(CohortOutcomeSettings)
class CohortOutcomeSettingsAdmin(admin.ModelAdmin):
    list_display = ("cohort", "follow_up_26", "follow_up_52")
    list_filter = ("follow_up_26", "follow_up_52")
    search_fields = ("cohort__title",)
    list_select_related = ("cohort",)


@admin.register(CohortSupport)
class CohortSupportAdmin(admin.ModelAdmin):
    """Per cohort: local crisis numbers and the instructors' contact address (support page)."""

    list_display = ("cohort", "has_urgent_help", "contact_email")
    search_fields = ("cohort__title",)
    list_select_related = ("cohort",)
    raw_id_fields = ("cohort",)

    @admin.display(boolean=True, description="urgent help set")
    def has_urgent_help(self, obj: CohortSupport) -> bool:
        return bool(obj.urgent_help.strip())


@admin.register(IntakeReview)
class IntakeReviewAdmin(admin.ModelAdmin):
    """For support staff tracing a record; instructors record reviews on the intake page."""

    list_display = ("enrolment", "decision", "author", "created_at")
    list_filter = ("decision",)
    search_fields = ("enrolment__participant__email", "enrolment__cohort__title", "notes")
    list_select_related = ("enrolment__participant", "enrolment__cohort", "author")
    raw_id_fields = ("enrolment", "author")
    readonly_fields = ("public_id",)
