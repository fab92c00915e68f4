from django.conf import settings

from everyreader.core import workspace
from everyreader.core.display import DisplayPreferences


def shell(request):
    user = getattr(request, "user", None)
    is_staff_member = bool(user is not None and user.is_authenticated and user.is_staff_member)
    return {
        "site_name": settings.EVERYREADER_SITE_NAME,
        "display": getattr(request, "display", DisplayPreferences()),
        "is_staff_member": is_staff_member,
        "portal_nav": workspace.portal_links(),
        "staff_sections": workspace.staff_sections_for(user) if is_staff_member else [],
    }
