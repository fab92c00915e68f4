from django import template

register = template.Library()


@register.filter
def localized(obj, field):
    """{{ task|localized:"title" }}: the field in the page's language (imported plan text)."""
    if obj is None:
        return ""
    if hasattr(obj, "localized"):
        return obj.localized(field)
    return getattr(obj, field, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
