from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "everyreader.outreach"
    label = "outreach"
    verbose_name = _("Home delivery and postal loans")

    def ready(self):
        from everyreader.core import periodic, workspace
        from everyreader.outreach import attention, periodic as jobs, services
        from everyreader.readers.services import register_erasure_handler

        register_erasure_handler(services.erase_reader_delivery)
        periodic.register("outreach.generate_visits", jobs.generate_visits)
        periodic.register("outreach.send_routes", jobs.send_routes)
        periodic.register("outreach.forget_withdrawn", jobs.forget_withdrawn)
        group = _("Home delivery")
        for section in (
            workspace.StaffSection("outreach_visits", _("Home-delivery visits"), "outreach:home",
                                   "outreach.view_visit", group, 56),
            workspace.StaffSection("outreach_profiles", _("Delivery profiles"), "outreach:profile_list",
                                   "outreach.view_deliveryprofile", group, 57),
            workspace.StaffSection("outreach_roster", _("Volunteer and staff roster"), "outreach:roster_list",
                                   "outreach.view_rostermember", group, 58),
            workspace.StaffSection("outreach_postal", _("Postal loans"), "outreach:postal_list",
                                   "outreach.view_postalloan", group, 59),
        ):
            workspace.register_section(section)
        workspace.register_attention(attention.attention_items)
        workspace.register_reader_section(workspace.ReaderSection("delivery", _("Home delivery"),
                                                                  "delivery:me", 40))
