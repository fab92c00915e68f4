"""The reader's own circulation pages under /me/: loans (renew), holds (place, cancel) and the
loan history, which exists only if the reader chooses to keep it. Unpaid fines show under the loans."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.circulation import fines, me_selectors, selectors, services
from everyreader.circulation.desk_forms import HistoryOptInForm, HoldPlaceForm
from everyreader.circulation.privacy import anonymise_days
from everyreader.core.errors import DomainError
from everyreader.core.permissions import ReaderRequiredMixin
from everyreader.readers import selectors as reader_selectors


def me_crumbs(*extra):
    return [(_("My account"), reverse("core:me")), *extra]


class MyReaderMixin(ReaderRequiredMixin):
    """The signed-in user's reader record; users without a card get a short explanation."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.reader = reader_selectors.reader_for_user(request.user)
        if self.reader is None or self.reader.is_anonymised:
            return render(request, "readers/me/no_card.html", {
                "page_title": _("No library card"), "breadcrumbs": me_crumbs((_("No library card"), ""))})
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Say up front why renewing or placing a hold will be refused (e.g. an expired card).
        refusal = selectors.reader_refusal(self.reader)
        kwargs.setdefault("refusal", refusal[1] if refusal else "")
        return super().get_context_data(**kwargs)


class MeLoansView(MyReaderMixin, TemplateView):
    template_name = "circulation/me/loans.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        loans = list(selectors.reader_current_loans(self.reader))
        for loan in loans:
            loan.is_overdue = loan.due_at < now
        unpaid, total = fines.unpaid_of(self.reader)
        kwargs.update(unpaid_fines=unpaid, fines_total=fines.money(total), fines_blocking=fines.is_blocking(total))
        return super().get_context_data(page_title=_("My loans"), loans=loans, reader=self.reader,
                                         breadcrumbs=me_crumbs((_("My loans"), "")), **kwargs)


class MeRenewView(MyReaderMixin, View):
    """POST loan=<id> or loan=all: renew the reader's own loans."""

    def post(self, request):
        loans = list(selectors.reader_current_loans(self.reader))
        wanted = request.POST.get("loan", "")
        if wanted != "all":
            loans = [loan for loan in loans if str(loan.pk) == wanted]
            if not loans:
                messages.error(request, _("That loan is not on your card."))
                return redirect("circulation:me_loans")
        for loan in loans:
            title = loan.item.record.title
            try:
                renewed = services.renew(actor=request.user, loan=loan)
            except DomainError as error:
                messages.error(request, _("%(title)s was not renewed: %(reason)s") % {
                    "title": title, "reason": error.message})
            else:
                messages.success(request, _("%(title)s is renewed. It is now due on %(date)s.") % {
                    "title": title, "date": timezone.localdate(renewed.due_at).isoformat()})
        return redirect("circulation:me_loans")


class MeHoldsView(MyReaderMixin, TemplateView):
    template_name = "circulation/me/holds.html"

    def get_context_data(self, **kwargs):
        holds = me_selectors.holds_with_positions(self.reader)
        return super().get_context_data(page_title=_("My holds"), holds=holds,
                                         breadcrumbs=me_crumbs((_("My holds"), "")), **kwargs)


class MeHoldCancelView(MyReaderMixin, View):
    def post(self, request, pk):
        hold = me_selectors.own_active_hold(self.reader, pk)
        if hold is None:
            raise Http404
        try:
            services.hold_cancel(actor=request.user, hold=hold, reason=_("Cancelled by the reader"))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your hold on %(title)s is cancelled.") % {"title": hold.record.title})
        return redirect("circulation:me_holds")


class MeHoldNewView(MyReaderMixin, TemplateView):
    """Place a hold on a catalogue record (?record=<id>), linked from the record page."""

    template_name = "circulation/me/hold_new.html"

    def record(self):
        record = me_selectors.holdable_record(self.request.GET.get("record") or self.request.POST.get("record"))
        if record is None:
            raise Http404
        return record

    def get_context_data(self, **kwargs):
        record = kwargs.pop("record", None) or self.record()
        form = kwargs.pop("form", None) or HoldPlaceForm(
            branches=me_selectors.pickup_branches(),
            initial={"pickup_branch": self.reader.home_branch_id})
        title = _("Place a hold")
        return super().get_context_data(
            page_title=title, record=record, form=form,
            breadcrumbs=[(_("Search the catalogue"), reverse("catalog:search")),
                         (record.title, reverse("catalog:record", args=[record.pk])), (title, "")], **kwargs)

    def post(self, request):
        record = self.record()
        form = HoldPlaceForm(request.POST, branches=me_selectors.pickup_branches())
        if form.is_valid():
            try:
                services.hold_place(actor=request.user, reader=self.reader, record=record,
                                    pickup_branch=form.cleaned_data["pickup_branch"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your hold on %(title)s is placed. We will tell you when it is "
                                            "ready to collect.") % {"title": record.title})
                return redirect("circulation:me_holds")
        return self.render_to_response(self.get_context_data(record=record, form=form))


class MeHistoryView(MyReaderMixin, TemplateView):
    """The loan history, and the reader's choice to keep it (off unless they opt in)."""

    template_name = "circulation/me/history.html"

    def get_context_data(self, **kwargs):
        keep = selectors.keeps_history(self.reader)
        form = kwargs.pop("form", None) or HistoryOptInForm(initial={"keep": keep})
        history = list(selectors.reader_loan_history(self.reader)[:200]) if keep else []
        return super().get_context_data(page_title=_("My loan history"), keep=keep, form=form,
                                         history=history, anonymise_days=anonymise_days(),
                                         breadcrumbs=me_crumbs((_("My loan history"), "")), **kwargs)

    def post(self, request):
        form = HistoryOptInForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        keep = form.cleaned_data["keep"]
        try:
            services.loan_history_set(actor=request.user, reader=self.reader, keep=keep)
        except DomainError as error:
            form.add_error("keep", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("We now keep a list of what you borrow.") if keep else
                         _("We no longer keep a list of what you borrow. Past loans are removed from it "
                           "under our normal rule."))
        return redirect("circulation:me_history")
