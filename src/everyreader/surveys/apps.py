from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "everyreader.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from everyreader.core import workspace
        from everyreader.readers.services import register_erasure_handler
        from everyreader.surveys.services_responses import erase_reader_responses

        register_erasure_handler(erase_reader_responses)

        workspace.register_section(workspace.StaffSection(
            "surveys", _("Surveys"), "surveys_staff:list", "surveys.view_survey", _("Research and quality"), 40))
        workspace.register_section(workspace.StaffSection(
            "needs_report", _("Needs research report"), "surveys_staff:needs_report",
            "surveys.view_results", _("Research and quality"), 41))
        workspace.register_portal_link(workspace.PortalLink("surveys", _("Surveys"), "surveys:index", 60))
