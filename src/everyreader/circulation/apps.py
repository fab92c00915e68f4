from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirculationConfig(AppConfig):
    name = "everyreader.circulation"
    label = "circulation"
    verbose_name = _("Circulation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from everyreader.circulation import jobs  # noqa: F401  (registers the periodic jobs)
        from everyreader.circulation.models import CirculationPolicy
        from everyreader.circulation.policies import policies_changed

        post_save.connect(policies_changed, sender=CirculationPolicy, dispatch_uid="policies-save")
        post_delete.connect(policies_changed, sender=CirculationPolicy, dispatch_uid="policies-delete")
        from everyreader.core import workspace
        from everyreader.readers.services import register_erasure_handler
        from everyreader.circulation.services import erase_reader_circulation

        register_erasure_handler(erase_reader_circulation)
        workspace.register_section(workspace.StaffSection(
            "circulation-policies", _("Circulation policies"), "circulation:policy_list",
            "circulation.change_circulationpolicy", _("Circulation"), 42))

        from everyreader.circulation import desk_registry  # desk, /me/, notices, privacy, statistics

        desk_registry.register()
