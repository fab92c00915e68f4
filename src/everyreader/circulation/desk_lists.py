"""Desk lists: the hold shelf, the pick list (copies to pull for holds), items in transit and
unpaid fines."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.circulation import desk_selectors, selectors
from everyreader.circulation.desk_forms import BranchFilterForm
from everyreader.circulation.desk_views import DeskMixin, alert, checkin_entry, desk_crumbs, push_alerts
from everyreader.circulation.models import Transfer

PAGE_SIZE = 50


class BranchListView(DeskMixin, TemplateView):
    """A list filtered by branch (default: the librarian's own branch)."""

    title = ""
    rows = staticmethod(lambda branch: [])  # each list sets its own selector

    def branch(self):
        data = self.request.GET if "branch" in self.request.GET else {
            "branch": getattr(desk_selectors.desk_branch(self.request.user), "pk", "")}
        self.filter_form = BranchFilterForm(data)
        return self.filter_form.cleaned_data.get("branch") if self.filter_form.is_valid() else None

    def get_context_data(self, **kwargs):
        branch = self.branch()
        page = Paginator(self.rows(branch), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=self.title, breadcrumbs=desk_crumbs((self.title, "")),
                                         filter_form=self.filter_form, page_obj=page, branch=branch,
                                         today=timezone.now(), **kwargs)


class HoldShelfView(BranchListView):
    template_name = "circulation/desk/hold_shelf.html"
    desk_page = "hold_shelf"
    rows = staticmethod(selectors.hold_shelf)

    @property
    def title(self):
        return _("Hold shelf")


class PickListView(BranchListView):
    template_name = "circulation/desk/pick_list.html"
    desk_page = "pick_list"
    rows = staticmethod(selectors.holds_to_pull)

    @property
    def title(self):
        return _("Pick list: copies to pull for holds")


class UnpaidFinesView(BranchListView):
    """Unpaid fines by branch where the item came back, oldest first; each links to the reader panel."""

    template_name = "circulation/desk/fines.html"
    desk_page = "fines"
    permission_required = "circulation.view_fine"
    rows = staticmethod(selectors.unpaid_fines)

    @property
    def title(self):
        return _("Unpaid fines")


class TransitListView(BranchListView):
    template_name = "circulation/desk/transfers.html"
    desk_page = "transfers"
    rows = staticmethod(desk_selectors.in_transit)

    @property
    def title(self):
        return _("Items in transit")


class TransferReceiveView(DeskMixin, View):
    """Receive an item in transit at the librarian's branch (or its destination)."""

    def post(self, request, pk):
        transfer = get_object_or_404(Transfer.objects.select_related("item__record", "to_branch"),
                                     pk=pk, received_at__isnull=True)
        branch = desk_selectors.desk_branch(request.user) or transfer.to_branch
        entry = checkin_entry(request.user, transfer.item, branch, receive=True)
        push_alerts(request, alert(entry["level"], f"{entry['title']} ({entry['barcode']})", entry["text"]))
        return redirect("circulation:transfers")
