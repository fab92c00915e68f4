from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "everyreader.feedback"
    label = "feedback"
    verbose_name = _("Feedback and complaints")

    def ready(self):
        from everyreader.core import periodic, workspace
        from everyreader.feedback import selectors, sla

        group = _("Feedback")
        for section in (
            workspace.StaffSection("feedback_queue", _("Feedback queue"), "feedback_staff:queue",
                                   "feedback.view_feedbackitem", group, 30),
            workspace.StaffSection("feedback_entry", _("Record feedback"), "feedback_staff:entry",
                                   "feedback.add_feedbackitem", group, 31),
            workspace.StaffSection("feedback_analysis", _("Feedback analysis"), "feedback_staff:analysis",
                                   "feedback.view_feedback_analysis", group, 32),
            workspace.StaffSection("feedback_actions", _("Improvement actions"), "feedback_staff:actions",
                                   "feedback.view_improvementaction", group, 33),
            workspace.StaffSection("feedback_settings", _("Feedback settings"), "feedback_staff:settings",
                                   "feedback.view_category", group, 34),
        ):
            workspace.register_section(section)
        workspace.register_attention(selectors.attention_items)
        workspace.register_portal_link(workspace.PortalLink("feedback", _("Feedback and complaints"),
                                                            "feedback:form", 40))
        workspace.register_reader_section(workspace.ReaderSection("feedback", _("My feedback"), "feedback:mine", 40))
        periodic.register("feedback.service_levels", sla.run_sla)
