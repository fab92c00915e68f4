from django.contrib import admin

from everyreader.assistance.models import ConditionCheck, Device, ServiceType, Slot


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["model_name", "serial_number", "kind", "condition"]
    list_filter = ["kind", "condition"]
    raw_id_fields = ["item"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "label_zh_hans", "label_en", "skill", "is_active"]


# Bookings hold readers' personal data: they are handled in the workspace, not in the admin.
for model in (ConditionCheck, Slot):
    admin.site.register(model)
