from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirculationConfig(AppConfig):
    name = "everyreader.circulation"
    label = "circulation"
    verbose_name = _("Circulation")

    def ready(self):
        from everyreader.circulation import jobs  # noqa: F401  (registers the periodic jobs)
        from everyreader.core import workspace
        from everyreader.readers.services import register_erasure_handler
        from everyreader.circulation.services import erase_reader_circulation

        register_erasure_handler(erase_reader_circulation)
        workspace.register_section(workspace.StaffSection(
            "circulation-policies", _("Circulation policies"), "circulation:policy_list",
            "circulation.change_circulationpolicy", _("Circulation"), 42))
