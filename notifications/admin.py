from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from notifications.models import Delivery, EmailOptOut, NotificationSettings
from notifications.tasks import enqueue_batches


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "recipient",
        "to",
        "period",
        "status",
        "attempts",
        "short_error",
        "updated_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to", "recipient__email", "period"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description="last error")
    def short_error(self, obj: Delivery) -> str:
        return obj.last_error[:80]

    @admin.action(description="Send again (failed or stuck rows only)")
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        rows = queryset.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING])
        ids = list(rows.values_list("pk", flat=True))
        rows.update(
            status=Delivery.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claim_token=None,
        )
        enqueue_batches(ids)
        self.message_user(request, f"{len(ids)} queued again.", messages.SUCCESS)

    def get_readonly_fields(self, request: HttpRequest, obj: Delivery | None = None) -> list[str]:
        # A sent row is history: it is read, not edited. A row added by hand starts pending,
        # so the sweeper sends it like any other.
        if obj is None:
            return []
        return [f.name for f in Delivery._meta.concrete_fields if not f.primary_key]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "daily_enabled",
        "class_enabled",
        "summary_enabled",
        "paused_until",
        "next_daily_at",
    ]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "created_at"]
    search_fields = ["email"]
