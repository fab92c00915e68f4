from django.contrib import admin

from everyreader.feedback.models import Category, ImprovementAction, ServiceTarget


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "department", "order", "is_active"]


@admin.register(ServiceTarget)
class ServiceTargetAdmin(admin.ModelAdmin):
    list_display = ["kind", "severity", "acknowledge_days", "resolve_days"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "due_date", "status"]
