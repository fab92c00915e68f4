from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "everyreader.messaging"
    label = "messaging"
    verbose_name = _("Messages to readers")

    def ready(self):
        from everyreader.core import workspace
        from everyreader.messaging import selectors, services
        from everyreader.readers.services import register_erasure_handler

        register_erasure_handler(services.erase_reader_messages)

        for section in (
            workspace.StaffSection("call_list", _("Call list"), "messaging:call_list",
                                   "messaging.view_outboundmessage", _("Reader contact"), 20),
            workspace.StaffSection("letters", _("Letters to print"), "messaging:letters",
                                   "messaging.view_outboundmessage", _("Reader contact"), 21),
            workspace.StaffSection("message_log", _("Message log"), "messaging:log",
                                   "messaging.view_outboundmessage", _("Reader contact"), 22),
        ):
            workspace.register_section(section)
        workspace.register_attention(selectors.attention_items)
