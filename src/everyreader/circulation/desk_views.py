"""The circulation desk: find a reader by card, check out and renew from the reader panel,
check in item after item. Keyboard-first: every page is one scan field plus Enter, results are
announced at the top (role=alert for problems, role=status for success), and the server puts
the focus (autofocus) on the field the librarian needs next. Works without JavaScript.

Results survive the redirect after each POST in the session (a few short lines, no personal
data beyond titles and barcodes), so reloading the page never repeats a checkout.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.circulation import checkin_elsewhere, desk_selectors, fines, services
from everyreader.circulation.desk_forms import BarcodeForm, CardForm, FineSettleForm
from everyreader.circulation.models import Fine, FineStatus
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.readers import needs_services
from everyreader.readers import selectors as reader_selectors
from everyreader.readers.presenters import profile_display

DESK_PERM = "circulation.add_loan"
ALERTS_KEY = "circulation_desk_alerts"
CHECKIN_KEY = "circulation_checkin_log"
CHECKIN_LOG_SIZE = 20


def desk_crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Circulation desk"), reverse("circulation:desk")),
            *extra]


def alert(level: str, text: str, detail: str = "", url: str = "", link_text: str = "") -> dict:
    return {"level": level, "text": str(text), "detail": str(detail), "url": url, "link_text": str(link_text)}


def push_alerts(request, *alerts: dict) -> None:
    request.session[ALERTS_KEY] = list(alerts)


def pop_alerts(request) -> list[dict]:
    return request.session.pop(ALERTS_KEY, [])


class DeskMixin(StaffRequiredMixin):
    permission_required = DESK_PERM
    desk_page = "desk"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("desk_page", self.desk_page)
        kwargs.setdefault("alerts", pop_alerts(self.request))
        kwargs.setdefault("desk_branch", desk_selectors.desk_branch(self.request.user))
        return super().get_context_data(**kwargs)


class DeskView(DeskMixin, TemplateView):
    """The desk's start: the card field. A found card opens the reader panel."""

    template_name = "circulation/desk/desk.html"

    def get(self, request, *args, **kwargs):
        form = CardForm(request.GET or None)
        if form.is_bound and form.is_valid():
            reader = reader_selectors.reader_by_card(form.cleaned_data["card"])
            if reader is not None and not reader.is_anonymised:
                return redirect("circulation:desk_reader", pk=reader.pk)
            form.add_error("card", _("No reader has the card number “%(card)s”. Check the number or "
                                     "look the reader up by name.") % {"card": form.cleaned_data["card"]})
        return self.render_to_response(self.get_context_data(card_form=form, focus="card"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", _("Circulation desk"))
        kwargs.setdefault("breadcrumbs", desk_crumbs())
        return super().get_context_data(**kwargs)


class ReaderPanelView(DeskView):
    """The reader panel: details, blocks, holds waiting, loans, service preferences; scan to lend."""

    def get(self, request, *args, **kwargs):
        reader = desk_selectors.desk_reader(kwargs["pk"])
        if reader is None:
            raise Http404
        context = desk_selectors.reader_panel(reader)
        if request.user.has_perm(needs_services.SENSITIVE_PERM):
            context["may_view_needs"] = True
            context["has_consent"] = bool(reader.valid_consents)
            if request.GET.get("needs") == "1" and context["has_consent"]:
                context["needs"] = profile_display(needs_services.needs_profile_read(
                    actor=request.user, reader=reader, purpose="viewed_at_desk"))
        return self.render_to_response(self.get_context_data(
            reader=reader, card_form=CardForm(), item_form=BarcodeForm(), focus="item",
            page_title=_("Circulation desk: %(name)s") % {"name": reader.full_name},
            breadcrumbs=desk_crumbs((reader.full_name, "")), **context))


class CheckoutView(DeskMixin, View):
    def post(self, request, pk):
        reader = desk_selectors.desk_reader(pk)
        if reader is None:
            raise Http404
        form = BarcodeForm(request.POST)
        if not form.is_valid():
            push_alerts(request, alert("error", _("Scan or type the item's barcode.")))
            return redirect("circulation:desk_reader", pk=reader.pk)
        barcode = form.cleaned_data["barcode"]
        item = desk_selectors.item_by_barcode(barcode)
        if item is None:
            push_alerts(request, alert("error", _("No item has the barcode “%(barcode)s”.")
                                       % {"barcode": barcode}))
            return redirect("circulation:desk_reader", pk=reader.pk)
        branch = desk_selectors.desk_branch(request.user) or item.branch
        try:
            loan = services.checkout(actor=request.user, item=item, reader=reader, branch=branch)
        except DomainError as error:
            push_alerts(request, alert("error", _("Not checked out: %(title)s (%(barcode)s)") % {
                "title": item.record.title, "barcode": item.barcode}, error.message))
        else:
            push_alerts(request, alert("success", _("Checked out: %(title)s (%(barcode)s)") % {
                "title": item.record.title, "barcode": item.barcode},
                _("Due %(date)s.") % {"date": timezone.localdate(loan.due_at).isoformat()}))
        return redirect("circulation:desk_reader", pk=reader.pk)


class RenewView(DeskMixin, View):
    """Renew one loan (loan=<id>) or all of the reader's loans (loan=all)."""

    def post(self, request, pk):
        reader = desk_selectors.desk_reader(pk)
        if reader is None:
            raise Http404
        loans = list(desk_selectors.open_loans(reader))
        wanted = request.POST.get("loan", "")
        if wanted != "all":
            loans = [loan for loan in loans if str(loan.pk) == wanted]
            if not loans:
                push_alerts(request, alert("error", _("That loan is not open on this reader's card.")))
                return redirect("circulation:desk_reader", pk=reader.pk)
        push_alerts(request, *renew_all(request.user, loans))
        return redirect("circulation:desk_reader", pk=reader.pk)


class FineSettleView(DeskMixin, View):
    """Record a payment or waive one of the reader's unpaid fines (the services check who may)."""

    def post(self, request, pk, fine_pk):
        reader = desk_selectors.desk_reader(pk)
        if reader is None:
            raise Http404
        fine = Fine.objects.filter(pk=fine_pk, reader=reader, status=FineStatus.OUTSTANDING).first()
        form = FineSettleForm(request.POST)
        if fine is None or not form.is_valid():
            push_alerts(request, alert("error", _("That fine is not unpaid on this reader's card.")
                                       if fine is None else _("Choose whether the fine was paid or is waived.")))
            return redirect("circulation:desk_reader", pk=reader.pk)
        waive = form.cleaned_data["action"] == "waive"
        try:
            if waive:
                fines.fine_waive(actor=request.user, fine=fine, reason=form.cleaned_data["note"])
            else:
                fines.fine_pay(actor=request.user, fine=fine, note=form.cleaned_data["note"])
        except DomainError as error:
            push_alerts(request, alert("error", _("Fine not changed: %(title)s") % {"title": fine.title or "—"},
                                       error.message))
        except PermissionDenied:
            push_alerts(request, alert("error", _("Fine not changed: %(title)s") % {"title": fine.title or "—"},
                                       _("Only a department head or an administrator may waive a fine.") if waive
                                       else _("You may not take payments of fines.")))
        else:
            done = _("Fine waived: %(amount)s") if waive else _("Fine paid: %(amount)s")
            push_alerts(request, alert("success", done % {"amount": fines.money(fine.amount)}, fine.title))
        return redirect("circulation:desk_reader", pk=reader.pk)


def renew_all(actor, loans) -> list[dict]:
    alerts = []
    for loan in loans:
        title = loan.item.record.title
        try:
            renewed = services.renew(actor=actor, loan=loan)
        except DomainError as error:
            alerts.append(alert("error", _("Not renewed: %(title)s") % {"title": title}, error.message))
        else:
            alerts.append(alert("success", _("Renewed: %(title)s") % {"title": title},
                                _("Now due %(date)s.") % {"date": timezone.localdate(renewed.due_at).isoformat()}))
    return sorted(alerts, key=lambda a: a["level"] != "error")


class CheckinView(DeskMixin, TemplateView):
    """Scan returned items one after another; each line says what to do with the item."""

    template_name = "circulation/desk/checkin.html"
    desk_page = "checkin"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", BarcodeForm())
        return super().get_context_data(
            page_title=_("Check in"), breadcrumbs=desk_crumbs((_("Check in"), "")),
            log=self.request.session.get(CHECKIN_KEY, []), **kwargs)

    def post(self, request):
        form = BarcodeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        barcode = form.cleaned_data["barcode"]
        item = desk_selectors.item_by_barcode(barcode)
        if item is None:
            entry = {"barcode": barcode, "title": "", "level": "error",
                     "text": _("Unknown barcode: nothing was checked in."), "time": _now()}
        else:
            branch = desk_selectors.desk_branch(request.user) or item.branch
            entry = checkin_entry(request.user, item, branch)
        log = [entry, *request.session.get(CHECKIN_KEY, [])][:CHECKIN_LOG_SIZE]
        request.session[CHECKIN_KEY] = log
        push_alerts(request, alert(entry["level"], f"{entry['title']} ({entry['barcode']})" if entry["title"]
                                   else entry["barcode"], entry["text"], entry.get("url", ""),
                                   entry.get("link_text", "")))
        return redirect("circulation:checkin")


def _now() -> str:
    return timezone.localtime().strftime("%H:%M:%S")


def checkin_entry(actor, item, branch, *, receive: bool = False) -> dict:
    entry = {"barcode": item.barcode, "title": item.record.title, "time": _now()}
    elsewhere = None if receive else checkin_elsewhere.where(item)
    if elsewhere is not None:
        message, url = elsewhere
        return entry | {"level": "error", "text": str(message), "url": url,
                        "link_text": str(_("Check it in there"))}
    service = services.transfer_receive if receive else services.checkin
    try:
        result = service(actor=actor, item=item, branch=branch)
    except DomainError as error:
        return entry | {"level": "error", "text": str(error.message)}
    text = " ".join([instruction(result), *map(str, result.warnings)])
    level = "success" if result.action == "shelve" and not result.warnings else "warning"
    return entry | {"level": level, "text": text, "action": result.action}


def instruction(result) -> str:
    """What to do with the item: for a hold, name the reader (the slip goes with the copy)."""
    hold = result.hold
    if result.action == "hold_shelf" and hold is not None:
        return _("Put it on the hold shelf for %(name)s (card %(card)s).") % {
            "name": hold.reader.full_name, "card": hold.reader.card_number}
    if result.action == "transfer_hold" and result.transfer is not None and hold is not None:
        return _("Send it to %(branch)s for %(name)s's hold.") % {
            "branch": result.transfer.to_branch.name, "name": hold.reader.full_name}
    if result.message:
        return str(result.message)
    if result.transfer is not None:
        return _("Send it to %(branch)s.") % {"branch": result.transfer.to_branch.name}
    return _("Put it back on the shelf.")


class ClearCheckinLogView(DeskMixin, View):
    def post(self, request):
        request.session.pop(CHECKIN_KEY, None)
        return redirect("circulation:checkin")

