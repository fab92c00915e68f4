from django.contrib import admin

from everyreader.readers.models import Reader


@admin.register(Reader)
class ReaderAdmin(admin.ModelAdmin):
    list_display = ("card_number", "family_name", "given_name", "category", "home_branch", "is_active")
    search_fields = ("card_number", "family_name", "given_name")
