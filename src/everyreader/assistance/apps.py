from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "everyreader.assistance"
    label = "assistance"
    verbose_name = _("Devices and assistance")

    def ready(self):
        from everyreader.assistance import lending, reminders, selectors
        from everyreader.circulation import checkin_elsewhere
        from everyreader.core import periodic, workspace

        group = _("Devices and assistance")
        for section in (
            workspace.StaffSection("assistance_devices", _("Assistive devices"), "assistance_staff:devices",
                                   "assistance.view_device", group, 60),
            workspace.StaffSection("assistance_bookings", _("Device bookings"), "assistance_staff:bookings",
                                   "assistance.view_devicebooking", group, 61),
            workspace.StaffSection("assistance_checks", _("Device condition log"), "assistance_staff:checks",
                                   "assistance.view_conditioncheck", group, 62),
            workspace.StaffSection("assistance_slots", _("Assistance slots"), "assistance_staff:slots",
                                   "assistance.view_slot", group, 63),
            workspace.StaffSection("assistance_services", _("Assistance services"), "assistance_staff:services",
                                   "assistance.view_servicetype", group, 64),
        ):
            workspace.register_section(section)
        workspace.register_attention(selectors.attention_items)
        workspace.register_portal_link(workspace.PortalLink("assistance", _("Devices and help"),
                                                            "assistance:index", 45))
        workspace.register_reader_section(workspace.ReaderSection("assistance", _("My devices and assistance"),
                                                                  "assistance:mine", 45))
        periodic.register("assistance.reminders", reminders.run)
        checkin_elsewhere.register(lending.checkin_elsewhere)
