from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "everyreader.accounts"
    label = "accounts"
    verbose_name = _("Organisation and accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from everyreader.accounts import access, roles
        from everyreader.core import workspace

        access.connect_signals()
        # Role groups are infrastructure: keep them in step with the code after every migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="everyreader-sync-roles")
        for section in (
            workspace.StaffSection("staff", _("Staff and roles"), "organisation:staff_list",
                                   "accounts.view_user", _("Administration"), 80),
            workspace.StaffSection("departments", _("Departments"), "organisation:department_list",
                                   "accounts.view_department", _("Administration"), 81),
            workspace.StaffSection("branches", _("Branches"), "organisation:branch_list",
                                   "accounts.view_branch", _("Administration"), 82),
        ):
            workspace.register_section(section)
