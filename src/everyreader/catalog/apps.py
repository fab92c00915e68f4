from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "everyreader.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self):
        from everyreader.core import workspace

        workspace.register_portal_link(workspace.PortalLink("catalog", _("Search the catalogue"),
                                                            "catalog:search", 10))
        for section in (
            workspace.StaffSection("catalogue", _("Catalogue records"), "catalogue:record_list",
                                   "catalog.view_record", _("Catalogue"), 30),
            workspace.StaffSection("catalogue-imports", _("MARC imports"), "catalogue:import_list",
                                   "catalog.view_importjob", _("Catalogue"), 31),
        ):
            workspace.register_section(section)
