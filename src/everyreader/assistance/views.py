"""Reader-facing pages: the public list of devices and help (plain language), booking a device
or a time from the reader's account, and "My devices and assistance" under /me/."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.assistance import device_services, selectors, slot_services
from everyreader.assistance.forms import DeviceBookingForm, PublicSlotFilterForm, SlotBookForm
from everyreader.assistance.models import ACTIVE_BOOKING, DeviceBooking, DeviceKind, Slot, SlotBooking
from everyreader.core.errors import DomainError
from everyreader.core.views_base import ServiceFormView
from everyreader.readers.views_me import MyReaderMixin, me_crumbs


def crumbs(*extra):
    return [(_("Devices and help"), reverse("assistance:index")), *extra]


class IndexView(TemplateView):
    template_name = "assistance/index.html"

    def get_context_data(self, **kwargs):
        labels = dict(DeviceKind.choices)
        groups = [(labels[kind], list(items)) for kind, items in groupby(selectors.public_devices(),
                                                                         key=lambda d: d.kind)]
        return super().get_context_data(page_title=_("Devices and help in the library"), groups=groups,
                                        service_types=selectors.service_types(), **kwargs)


class TimesView(TemplateView):
    template_name = "assistance/times.html"

    def get_context_data(self, **kwargs):
        form = PublicSlotFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        service, branch = data.get("service_type"), data.get("branch")
        from everyreader.readers.selectors import reader_for_user

        slots = selectors.open_slots(service_type_id=service.pk if service else None,
                                     branch_id=branch.pk if branch else None,
                                     reader=reader_for_user(self.request.user))
        page = Paginator(slots, 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Book help: free times"), form=form, page_obj=page,
                                        breadcrumbs=crumbs((_("Book help: free times"), "")), **kwargs)


class DeviceBookView(MyReaderMixin, ServiceFormView):
    form_class = DeviceBookingForm
    submit_label = gettext_lazy("Ask for this device")
    success_message = gettext_lazy("Your request is sent. We will confirm it through your preferred contact channel.")

    def dispatch(self, request, *args, **kwargs):
        self.device = get_object_or_404(selectors.public_devices(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Ask for %(device)s") % {"device": self.device.model_name}

    def get_context_data(self, **kwargs):
        booked = device_services.overlapping(self.device, timezone.localdate(), timezone.localdate()
                                             + timedelta(days=device_services.MAX_DAYS_AHEAD))
        taken = ", ".join(f"{b.start_date:%Y-%m-%d} – {b.end_date:%Y-%m-%d}" for b in booked.order_by("start_date"))
        intro = _("%(purpose)s It is kept at %(branch)s. You can have it for up to %(days)s days.") % {
            "purpose": self.device.purpose, "branch": self.device.item.branch.name,
            "days": device_services.MAX_BOOKING_DAYS}
        if taken:
            intro = _("%(intro)s Already booked: %(dates)s.") % {"intro": intro, "dates": taken}
        return super().get_context_data(intro=intro, **kwargs)

    def get_breadcrumbs(self):
        return crumbs((self.get_page_title(), ""))

    def get_cancel_url(self):
        return reverse("assistance:index")

    def perform(self, form):
        data = form.cleaned_data
        return device_services.device_booking_request(
            actor=self.request.user, reader=self.reader, device=self.device, start_date=data["start_date"],
            end_date=data["end_date"], note=data["note"])

    def get_success_url(self):
        return reverse("assistance:mine")


class SlotBookView(MyReaderMixin, ServiceFormView):
    form_class = SlotBookForm
    submit_label = gettext_lazy("Book this time")
    success_message = gettext_lazy("You are booked. We will remind you the day before.")

    def dispatch(self, request, *args, **kwargs):
        self.slot = get_object_or_404(Slot.objects.select_related("service_type", "branch"), pk=kwargs["pk"],
                                      is_cancelled=False)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Book: %(service)s") % {"service": self.slot.service_type.label}

    def get_context_data(self, **kwargs):
        slot = self.slot
        intro = _("%(when)s at %(branch)s%(where)s, %(minutes)s minutes. %(description)s") % {
            "when": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M"), "branch": slot.branch.name,
            "where": f" ({slot.location})" if slot.location else "",
            "minutes": int((slot.ends_at - slot.starts_at).total_seconds() // 60),
            "description": slot.service_type.description}
        return super().get_context_data(intro=intro, **kwargs)

    def get_breadcrumbs(self):
        return crumbs((_("Book help: free times"), reverse("assistance:times")), (self.get_page_title(), ""))

    def get_cancel_url(self):
        return reverse("assistance:times")

    def perform(self, form):
        return slot_services.slot_book(actor=self.request.user, slot=self.slot, reader=self.reader,
                                       note=form.cleaned_data["note"])

    def get_success_url(self):
        return reverse("assistance:mine")


class MineView(MyReaderMixin, TemplateView):
    template_name = "assistance/mine.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            page_title=_("My devices and assistance"), now=now, today=timezone.localdate(),
            device_bookings=selectors.reader_device_bookings(self.reader)[:50],
            slot_bookings=selectors.reader_slot_bookings(self.reader)[:50], active=ACTIVE_BOOKING,
            breadcrumbs=me_crumbs((_("My devices and assistance"), "")), **kwargs)


class MyCancelView(MyReaderMixin, View):
    """POST-only: the reader cancels one of their own bookings (device or time)."""

    http_method_names = ["post"]

    def post(self, request, kind, pk):
        model = DeviceBooking if kind == "device" else SlotBooking
        booking = get_object_or_404(model.objects.select_related("reader"), pk=pk, reader=self.reader)
        try:
            if kind == "device":
                device_services.device_booking_cancel(actor=request.user, booking=booking)
            else:
                slot_services.booking_cancel(actor=request.user, booking=booking)
            messages.success(request, _("Your booking is cancelled."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("assistance:mine")


