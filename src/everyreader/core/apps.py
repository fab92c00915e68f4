from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "everyreader.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from everyreader.core import workspace

        workspace.register_section(
            workspace.StaffSection(
                key="audit",
                label=_("Audit log"),
                url_name="staff:audit_log",
                permission="core.view_auditevent",
                group=_("Administration"),
                order=90,
            )
        )
