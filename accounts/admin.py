from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import AccessRecord, ConsentRecord, SubmittedForm, User


class StillpointUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "time_zone", "is_instructor")


class StillpointUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = StillpointUserChangeForm
    add_form = StillpointUserCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "time_zone", "is_instructor", "is_staff", "is_active")
    list_filter = ("is_instructor", "is_staff", "is_active", "time_zone")
    search_fields = ("email", "display_name")
    readonly_fields = ("public_id", "date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        ("Profile", {"fields": ("display_name", "time_zone")}),
        (
            "Roles",
            {
                "fields": (
                    "is_instructor",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "time_zone",
                    "is_instructor",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "purpose", "notice_version", "given_at")
    list_filter = ("purpose", "notice_version")
    search_fields = ("user__email", "user__display_name")
    raw_id_fields = ("user",)
    date_hierarchy = "given_at"


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "viewer_name", "what", "subject", "context")
    list_filter = ("what",)
    search_fields = ("viewer_name", "subject__email", "context")
    raw_id_fields = ("subject", "viewer")
    date_hierarchy = "at"


@admin.register(SubmittedForm)
class SubmittedFormAdmin(admin.ModelAdmin):
    list_display = ("form", "user", "at")
    list_filter = ("form",)
    search_fields = ("user__email", "form")
    raw_id_fields = ("user",)
