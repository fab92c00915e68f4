from django.contrib import admin

from everyreader.messaging.models import LetterBatch, OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "channel", "status", "purpose", "created_at")
    list_filter = ("channel", "status")


admin.site.register(LetterBatch)
