"""Staff pages for assistive devices: inventory, one device, registration, check-in with the
condition check, safety checks, repairs; device bookings and the condition log."""

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

from everyreader.assistance import device_services as services
from everyreader.assistance import selectors
from everyreader.assistance.forms import (
    BookingFilterForm, CheckInForm, DeviceFilterForm, DeviceForm, ReasonForm, RepairedForm, SafetyCheckForm,
    StaffDeviceBookingForm,
)
from everyreader.assistance.models import ACTIVE_BOOKING, Device, DeviceBooking
from everyreader.assistance.views_object import ObjectFormMixin
from everyreader.catalog.vocab import ItemStatus
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView


def crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Assistive devices"), reverse("assistance_staff:devices")),
            *extra]


class DeviceListView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_device"
    template_name = "assistance/staff/devices.html"

    def get_context_data(self, **kwargs):
        form = DeviceFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        branch = data.get("branch")
        devices = selectors.devices(branch_id=branch.pk if branch else None, kind=data.get("kind", ""))
        page = Paginator(devices, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Assistive devices"), form=form, page_obj=page,
                                        due=selectors.safety_checks_due(), breadcrumbs=crumbs()[:1], **kwargs)


class DeviceDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_device"
    template_name = "assistance/staff/device.html"

    def get_context_data(self, **kwargs):
        device = get_object_or_404(Device.objects.select_related("item__branch", "item__record"), pk=kwargs["pk"])
        user = self.request.user
        return super().get_context_data(
            page_title=str(device), device=device, bookings=selectors.device_bookings(device)[:20],
            checks=selectors.device_checks(device)[:20], on_loan=device.item.status == ItemStatus.ON_LOAN,
            in_repair=device.item.status == ItemStatus.IN_REPAIR,
            available=device.item.status == ItemStatus.AVAILABLE,
            can_check=user.has_perm("assistance.add_conditioncheck"),
            can_change=user.has_perm("assistance.change_device"),
            can_book=user.has_perm("assistance.book_for_reader"),
            breadcrumbs=crumbs((str(device), "")), **kwargs)


class DeviceCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "assistance.add_device"
    form_class = DeviceForm
    page_title = gettext_lazy("Register an assistive device")
    submit_label = gettext_lazy("Register the device")
    success_message = gettext_lazy("The device is registered.")

    def get_breadcrumbs(self):
        return crumbs((self.page_title, ""))

    def get_cancel_url(self):
        return reverse("assistance_staff:devices")

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("barcode")
        return services.device_register(actor=self.request.user, item=form.item, **data)

    def get_success_url(self):
        return reverse("assistance_staff:device", args=[self.result.pk])


class DeviceMixin(ObjectFormMixin):
    object_queryset = Device.objects.select_related("item__branch")
    object_attr, detail_url, crumbs = "device", "assistance_staff:device", staticmethod(crumbs)


class DeviceEditView(StaffRequiredMixin, DeviceMixin, ServiceFormView):
    permission_required = "assistance.change_device"
    form_class = DeviceForm
    page_title = gettext_lazy("Change the device details")
    success_message = gettext_lazy("The device details are saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        d = self.device
        return {"kind": d.kind, "model_name": d.model_name, "serial_number": d.serial_number, "purpose": d.purpose,
                "accessories": "\n".join(d.accessories), "needs_charging": d.needs_charging,
                "last_safety_check": d.last_safety_check, "safety_check_months": d.safety_check_months,
                "guide_formats": d.guide_formats, "guide_url": d.guide_url, "is_bookable": d.is_bookable}

    def perform(self, form):
        return services.device_update(actor=self.request.user, device=self.device, **form.cleaned_data)


class DeviceCheckInView(StaffRequiredMixin, DeviceMixin, ServiceFormView):
    permission_required = "assistance.add_conditioncheck"
    form_class = CheckInForm
    page_title = gettext_lazy("Check in and check the condition")
    submit_label = gettext_lazy("Check in")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=_("%(device)s, barcode %(barcode)s. Check every accessory, the "
                                                "battery and the condition before it goes back on the shelf.") % {
            "device": self.device, "barcode": self.device.item.barcode}, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.device_check_in(actor=self.request.user, device=self.device,
                                        missing_accessories=data["missing_accessories"], charged=data.get("charged"),
                                        outcome=data["outcome"], note=data["note"])

    def get_success_message(self):
        if self.result.outcome == "repair":
            return _("Checked in and sent to repair.")
        return _("Checked in. The device is ready to lend again.")


class DeviceSafetyView(StaffRequiredMixin, DeviceMixin, ServiceFormView):
    permission_required = "assistance.add_conditioncheck"
    form_class = SafetyCheckForm
    page_title = gettext_lazy("Record a safety check")
    success_message = gettext_lazy("The safety check is recorded.")

    def perform(self, form):
        return services.device_safety_check(actor=self.request.user, device=self.device,
                                            passed=form.cleaned_data["passed"], note=form.cleaned_data["note"])


class DeviceRepairedView(StaffRequiredMixin, DeviceMixin, ServiceFormView):
    permission_required = "assistance.add_conditioncheck"
    form_class = RepairedForm
    page_title = gettext_lazy("Back from repair")
    submit_label = gettext_lazy("Put it back in service")
    success_message = gettext_lazy("The device is back in service.")

    def perform(self, form):
        return services.device_back_from_repair(actor=self.request.user, device=self.device,
                                                note=form.cleaned_data["note"])


class DeviceBookForReaderView(StaffRequiredMixin, DeviceMixin, ServiceFormView):
    permission_required = "assistance.book_for_reader"
    form_class = StaffDeviceBookingForm
    page_title = gettext_lazy("Book this device for a reader")
    submit_label = gettext_lazy("Book")
    success_message = gettext_lazy("The device is booked for the reader.")

    def perform(self, form):
        data = form.cleaned_data
        return services.device_booking_request(
            actor=self.request.user, reader=form.reader, device=self.device, start_date=data["start_date"],
            end_date=data["end_date"], channel=data["channel"], note=data["note"])


class BookingListView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_devicebooking"
    template_name = "assistance/staff/bookings.html"

    def get_context_data(self, **kwargs):
        form = BookingFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        branch = data.get("branch")
        status = data.get("status", "")
        qs = selectors.bookings(status=status, branch_id=branch.pk if branch else None, upcoming_only=not status)
        if not status:
            qs = qs.filter(status__in=ACTIVE_BOOKING)
        page = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_title=_("Device bookings"), form=form, page_obj=page, today=timezone.localdate(),
            can_change=self.request.user.has_perm("assistance.change_devicebooking"), reason_form=ReasonForm(),
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Device bookings"), "")], **kwargs)


class BookingActionView(StaffRequiredMixin, View):
    """POST-only buttons on the bookings list: confirm, decline (with a reason), cancel, lend."""

    permission_required = "assistance.change_devicebooking"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        booking = get_object_or_404(DeviceBooking.objects.select_related("reader", "device__item"), pk=pk)
        try:
            if action == "confirm":
                services.device_booking_confirm(actor=request.user, booking=booking)
                messages.success(request, _("Booking confirmed; the reader is told."))
            elif action == "decline":
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Tell the reader why the booking cannot go ahead."))
                services.device_booking_decline(actor=request.user, booking=booking,
                                                reason=form.cleaned_data["reason"])
                messages.success(request, _("Booking declined; the reader is told."))
            elif action == "cancel":
                services.device_booking_cancel(actor=request.user, booking=booking)
                messages.success(request, _("Booking cancelled."))
            elif action == "collect":
                services.device_booking_collect(actor=request.user, booking=booking)
                messages.success(request, _("The device is lent to the reader."))
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/staff/")
                        else reverse("assistance_staff:bookings"))


class ConditionLogView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_conditioncheck"
    template_name = "assistance/staff/checks.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.condition_log(), 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_title=_("Device condition log"), page_obj=page,
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Device condition log"), "")], **kwargs)


