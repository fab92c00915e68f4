from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core.workspace import AttentionItem


def attention_items(user) -> list[AttentionItem]:
    if not user.has_perm("outreach.view_visit"):
        return []
    from everyreader.outreach import selectors

    today = timezone.localdate()
    counts = selectors.visits_needing_attention(today)
    overdue = selectors.postal_list(overdue_on=today).count()
    items = []
    if counts["unassigned"]:
        items.append(AttentionItem(_("Home-delivery visits this week without a deliverer"), counts["unassigned"],
                                   reverse("outreach:visit_list") + "?unassigned=1", "warning"))
    if counts["unrecorded"]:
        items.append(AttentionItem(_("Past home-delivery visits without an outcome"), counts["unrecorded"],
                                   reverse("outreach:visit_list") + "?status=planned&past=1", "info"))
    if overdue:
        items.append(AttentionItem(_("Postal loans overdue for return"), overdue,
                                   reverse("outreach:postal_list") + "?show=overdue", "info"))
    return items
