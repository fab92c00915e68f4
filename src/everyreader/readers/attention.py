from django.urls import reverse
from django.utils.translation import gettext as _

from everyreader.core.workspace import AttentionItem
from everyreader.readers import selectors


def attention(user):
    items = []
    if user.has_perm("readers.view_sensitive_needs"):
        count = selectors.open_latent_need_count()
        if count:
            items.append(AttentionItem(_("Latent needs to follow up with readers"), count,
                                       reverse("readers:latent_list"), "info"))
    if user.has_perm("readers.erase_reader"):
        count = selectors.readers_requesting_erasure().count()
        if count:
            items.append(AttentionItem(_("Readers asking for their data to be deleted"), count,
                                       reverse("readers:erasure_requests"), "warning"))
    return items
