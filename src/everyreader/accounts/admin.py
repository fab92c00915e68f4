from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from everyreader.accounts.models import Branch, Department, User


@admin.register(User)
class EveryReaderUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("EveryReader", {"fields": ("display_name", "phone", "job_title", "branch",
                                    "preferred_language", "display_preferences")}),
    )
    list_display = ("username", "display_name", "email", "branch", "is_active", "is_superuser")


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "head", "branch", "is_active")
    filter_horizontal = ("members",)
