from django.contrib import admin

from everyreader.programs.models import ActionItem, Meeting, MonthlyReport, Programme, Risk, Task


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "start_date", "status")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "programme", "department", "owner", "status", "percent_complete")
    list_filter = ("programme", "status")


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("code", "factor", "programme", "likelihood", "impact_score", "status", "next_review")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "date", "status")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("title", "assignee", "due_date", "status")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("task", "period", "owner", "status", "due_date")
