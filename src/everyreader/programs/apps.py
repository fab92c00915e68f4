from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "everyreader.programs"
    label = "programs"
    verbose_name = _("Service programmes")

    def ready(self):
        from everyreader.core import workspace
        from everyreader.programs import attention

        group = _("Service programmes")
        for section in (
            workspace.StaffSection("programmes", _("Programmes"), "programmes:index",
                                   "programs.view_programme", group, 20,
                                   _("Goals, tasks, timeline and health of the service programmes.")),
            workspace.StaffSection("programme-my-work", _("My programme work"), "programmes:my_work",
                                   "programs.view_task", group, 21,
                                   _("Your tasks, reports, action items and reviews.")),
        ):
            workspace.register_section(section)
        workspace.register_attention(attention.attention_items)
        from everyreader.core import periodic
        from everyreader.programs import tasks

        periodic.register("programs.daily", tasks.enqueue_all)
