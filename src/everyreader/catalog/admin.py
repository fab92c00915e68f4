from django.contrib import admin

from everyreader.catalog.models import ImportJob, Item, Record


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ("title", "format", "language", "year", "control_number")
    list_filter = ("format", "language")
    search_fields = ("title", "control_number", "isbn")
    readonly_fields = ("marc", "work_key")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("barcode", "record", "branch", "format", "status")
    list_filter = ("branch", "status", "format")
    search_fields = ("barcode",)
    raw_id_fields = ("record",)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "position", "total", "created_at")
    readonly_fields = ("position", "created_count", "updated_count", "error_count")
