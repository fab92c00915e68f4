from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    name = "everyreader.readers"
    label = "readers"
    verbose_name = _("Readers")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from everyreader.core import workspace
        from everyreader.readers.models import NeedCategory, NeedType
        from everyreader.readers.selectors import needs_taxonomy_changed

        for model in (NeedType, NeedCategory):  # the blind-index tags depend on both
            post_save.connect(needs_taxonomy_changed, sender=model, dispatch_uid=f"needs-save-{model.__name__}")
            post_delete.connect(needs_taxonomy_changed, sender=model, dispatch_uid=f"needs-del-{model.__name__}")
        from everyreader.readers import segments
        from everyreader.readers.attention import attention

        segments.register_profile_fields()
        group = _("Readers")
        for section in (
            workspace.StaffSection("readers", _("Readers"), "readers:list", "readers.view_reader", group, 10),
            workspace.StaffSection("reader_register", _("Register a reader"), "readers:register",
                                   "readers.add_reader", group, 11),
            workspace.StaffSection("latent_needs", _("Latent needs to follow up"), "readers:latent_list",
                                   "readers.view_sensitive_needs", group, 12),
            workspace.StaffSection("segments", _("Reader segments"), "readers:segment_list",
                                   "readers.view_segment", group, 13),
            workspace.StaffSection("needs_report", _("Needs over time"), "readers:needs_report",
                                   "readers.view_needs_report", group, 14),
            workspace.StaffSection("reader_import", _("Import readers"), "readers:import",
                                   "readers.import_readers", group, 15),
            workspace.StaffSection("erasure_requests", _("Data deletion requests"), "readers:erasure_requests",
                                   "readers.erase_reader", group, 16),
            workspace.StaffSection("reader_categories", _("Reader categories"), "readers:category_list",
                                   "readers.view_readercategorydefinition", group, 17),
        ):
            workspace.register_section(section)
        for section in (
            workspace.ReaderSection("profile", _("My details and preferences"), "readers:me_profile", 10),
            workspace.ReaderSection("needs", _("My needs and consent"), "readers:me_needs", 20),
            workspace.ReaderSection("data", _("All my data"), "readers:me_data", 30),
            workspace.ReaderSection("erasure", _("Delete my account"), "readers:me_erasure", 40),
        ):
            workspace.register_reader_section(section)
        workspace.register_portal_link(workspace.PortalLink("join", _("Get a library card"),
                                                            "readers:join", 80))
        workspace.register_attention(attention)
        from everyreader.core import periodic
        from everyreader.readers.card_notices import run_card_expiry_notices

        periodic.register("readers.card_expiry_notices", run_card_expiry_notices)
