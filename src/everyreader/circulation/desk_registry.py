"""What the desk, self-service, notices, privacy and statistics parts of circulation add to the
shared registries (called from CirculationConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def attention(user):
    """Staff home: copies to pull for holds and items arriving at the librarian's branch."""
    from everyreader.circulation import desk_selectors, selectors
    from everyreader.core.workspace import AttentionItem

    if not user.has_perm("circulation.add_loan"):
        return []
    from django.urls import reverse

    branch = desk_selectors.desk_branch(user)
    items = []
    to_pull = selectors.holds_to_pull(branch).count()
    if to_pull:
        items.append(AttentionItem(_("Copies to pull for holds"), to_pull, reverse("circulation:pick_list"),
                                   "warning"))
    arriving = desk_selectors.in_transit(branch).count()
    if arriving:
        items.append(AttentionItem(_("Items in transit"), arriving, reverse("circulation:transfers"), "info"))
    return items


def register() -> None:
    from everyreader.circulation import notices, privacy, segment_fields
    from everyreader.core import periodic, workspace

    group = _("Circulation")
    for section in (
        workspace.StaffSection("circulation_desk", _("Circulation desk"), "circulation:desk",
                               "circulation.add_loan", group, 43),
        workspace.StaffSection("circulation_checkin", _("Check in"), "circulation:checkin",
                               "circulation.add_loan", group, 44),
        workspace.StaffSection("circulation_hold_shelf", _("Hold shelf"), "circulation:hold_shelf",
                               "circulation.add_loan", group, 45),
        workspace.StaffSection("circulation_pick_list", _("Pick list"), "circulation:pick_list",
                               "circulation.add_loan", group, 46),
        workspace.StaffSection("circulation_transit", _("Items in transit"), "circulation:transfers",
                               "circulation.add_loan", group, 47),
        workspace.StaffSection("circulation_statistics", _("Reading volume"), "circulation:statistics",
                               "circulation.view_loanstatistic", group, 48),
    ):
        workspace.register_section(section)
    for section in (
        workspace.ReaderSection("loans", _("My loans"), "circulation:me_loans", 1),
        workspace.ReaderSection("holds", _("My holds"), "circulation:me_holds", 2),
        workspace.ReaderSection("loan_history", _("My loan history"), "circulation:me_history", 3),
    ):
        workspace.register_reader_section(section)
    workspace.register_attention(attention)
    periodic.register("circulation.notices_loans", notices.run_loan_notices)
    periodic.register("circulation.notices_holds", notices.run_hold_notices)
    periodic.register("circulation.anonymise_loans", privacy.run_anonymise)
    segment_fields.register()
