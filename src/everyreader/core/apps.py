from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "everyreader.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from everyreader.core import checks, generations, notifications, workspace  # noqa: F401 (checks registers)

        # Migrations change rows without signals: every process-local cache starts again.
        post_migrate.connect(generations.clear_all, dispatch_uid="everyreader-clear-generations")

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
        workspace.register_section(
            workspace.StaffSection(
                key="notifications",
                label=_("My notifications"),
                url_name="staff:notifications",
                group=_("My work"),
                order=1,
            )
        )
        workspace.register_attention(notifications.attention_items)
