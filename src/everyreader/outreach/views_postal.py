"""Staff pages for postal loans: list (on loan, overdue, returned), dispatch, tracking, return."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.catalog.models import Item
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.outreach import selectors, services
from everyreader.outreach.forms import PostalDispatchForm, PostalReturnForm, TrackingForm
from everyreader.outreach.models import PostalLoan, PostalStatus
from everyreader.outreach.views_delivery import crumbs

SHOW = {"out": gettext_lazy("On loan"), "overdue": gettext_lazy("Overdue"), "returned": gettext_lazy("Returned"),
        "today": gettext_lazy("Dispatched today")}


def _postal_crumbs(*pairs):
    return crumbs((_("Postal loans"), reverse("outreach:postal_list")), *pairs)


class PostalListView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_postalloan"
    template_name = "outreach/postal_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        show = self.request.GET.get("show", "out")
        show = show if show in SHOW else "out"
        qs = {"out": lambda: selectors.postal_list(status=PostalStatus.DISPATCHED),
              "overdue": lambda: selectors.postal_list(overdue_on=today),
              "returned": lambda: selectors.postal_list(status=PostalStatus.RETURNED),
              "today": lambda: selectors.postal_list(dispatched_on=today)}[show]()
        page = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Postal loans"), page_obj=page, show=show, views=SHOW.items(),
                                        today=today, breadcrumbs=crumbs((_("Postal loans"), "")), **kwargs)


class PostalDispatchView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.add_postalloan"
    form_class = PostalDispatchForm
    page_title = gettext_lazy("Dispatch a postal loan")
    intro = gettext_lazy("Braille, audio, large print and other accessible formats go out by post; postage is "
                         "free when the loan policy says so.")
    submit_label = gettext_lazy("Lend and dispatch")

    def get_initial(self):
        branch = getattr(self.request.user, "branch_id", None)
        return {"branch": branch, "card_number": self.request.GET.get("card", "")}

    def get_breadcrumbs(self):
        return _postal_crumbs((_("Dispatch"), ""))

    def get_cancel_url(self):
        return reverse("outreach:postal_list")

    def perform(self, form):
        from everyreader.readers.selectors import reader_by_card

        data = form.cleaned_data
        reader = reader_by_card(data["card_number"].strip())
        if reader is None:
            raise DomainError(_("No reader has this card number."), field="card_number")
        item = Item.objects.select_related("record").filter(barcode=data["barcode"].strip()).first()
        if item is None:
            raise DomainError(_("No item has this barcode."), field="barcode")
        return services.postal_dispatch(actor=self.request.user, reader=reader, item=item, branch=data["branch"],
                                        address=data["address"], tracking_number=data["tracking_number"])

    def get_success_url(self):
        return reverse("outreach:postal_list") + "?show=today"

    success_message = gettext_lazy("Lent and ready to post. Print the labels from “Dispatched today”.")


class PostalReturnView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.change_postalloan"
    form_class = PostalReturnForm
    page_title = gettext_lazy("Postal return received")
    submit_label = gettext_lazy("Check in")

    def dispatch(self, request, *args, **kwargs):
        self.postal = get_object_or_404(PostalLoan.objects.select_related("item__record", "reader"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"returned_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("%(title)s (%(barcode)s), posted to %(reader)s on %(date)s.") % {
            "title": self.postal.item.record.title, "barcode": self.postal.item.barcode,
            "reader": self.postal.reader.full_name, "date": self.postal.dispatched_on.isoformat()}
        return context

    def get_breadcrumbs(self):
        return _postal_crumbs((_("Return"), ""))

    def get_cancel_url(self):
        return reverse("outreach:postal_list")

    def perform(self, form):
        return services.postal_return(actor=self.request.user, postal=self.postal, **form.cleaned_data)

    def get_success_url(self):
        return reverse("outreach:postal_list") + "?show=returned"

    success_message = gettext_lazy("Return checked in.")


class PostalTrackingView(StaffRequiredMixin, View):
    permission_required = "outreach.change_postalloan"

    def post(self, request, pk):
        postal = get_object_or_404(PostalLoan, pk=pk)
        form = TrackingForm(request.POST, prefix=f"t{pk}")
        if not form.is_valid():
            messages.error(request, _("Enter the tracking number."))
        else:
            try:
                services.postal_set_tracking(actor=request.user, postal=postal, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Tracking number saved."))
        return redirect(reverse("outreach:postal_list") + f"?show=out#postal-{pk}")
