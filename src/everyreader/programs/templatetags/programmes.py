from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(obj, field):
    """{{ task|localized:"title" }}: the field in the page's language (imported plan text)."""
    if obj is None:
        return ""
    if hasattr(obj, "localized"):
        return obj.localized(field, (get_language() or "zh-hans").lower())
    return getattr(obj, field, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
