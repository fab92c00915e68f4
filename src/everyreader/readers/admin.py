"""Django admin: reader records and the needs taxonomy. Needs profiles, versions and latent needs
are deliberately not registered: sensitive data is read only through audited services."""

from django.contrib import admin

from everyreader.readers.models import NeedCategory, NeedType, Reader, ReaderCategoryDefinition


@admin.register(Reader)
class ReaderAdmin(admin.ModelAdmin):
    list_display = ("card_number", "family_name", "given_name", "category", "home_branch", "is_active")
    search_fields = ("card_number", "family_name", "given_name")
    exclude = ("service_preferences",)


class NeedTypeInline(admin.TabularInline):
    model = NeedType
    extra = 0
    fields = ("code", "label_zh_hans", "label_zh_hant", "label_en", "print_disability", "order", "is_active")


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "label_zh_hans", "label_en", "order", "is_active")
    inlines = [NeedTypeInline]


@admin.register(NeedType)
class NeedTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "label_zh_hans", "label_en", "category", "print_disability", "is_active")
    list_filter = ("category", "print_disability", "is_active")


@admin.register(ReaderCategoryDefinition)
class ReaderCategoryDefinitionAdmin(admin.ModelAdmin):
    list_display = ("code", "label_zh_hans", "label_en", "requires_guardian", "min_age", "max_age", "order",
                    "is_active")
