"""Staff pages for bookable assistance: services, slots and weekly availability, one slot with its
bookings (book for a reader, cancel, record attendance, assign a helper)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.assistance import selectors
from everyreader.assistance import slot_services as services
from everyreader.assistance.forms import (
    AssignHelperForm, OutcomeForm, ReasonForm, RuleForm, ServiceTypeForm, SlotFilterForm, SlotForm, StaffSlotBookForm,
)
from everyreader.assistance.models import ServiceType, Slot, SlotBooking
from everyreader.assistance.views_object import ObjectFormMixin
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView


def crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Assistance slots"), reverse("assistance_staff:slots")),
            *extra]


class SlotListView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_slot"
    template_name = "assistance/staff/slots.html"

    def get_context_data(self, **kwargs):
        form = SlotFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        service, branch = data.get("service_type"), data.get("branch")
        slots = selectors.staff_slots(service_type_id=service.pk if service else None,
                                      branch_id=branch.pk if branch else None, when=data.get("when") or "upcoming")
        page = Paginator(slots, 30).get_page(self.request.GET.get("page"))
        user = self.request.user
        return super().get_context_data(
            page_title=_("Assistance slots"), form=form, page_obj=page, rules=selectors.rules()[:50],
            can_add=user.has_perm("assistance.add_slot"), can_add_rule=user.has_perm("assistance.add_availabilityrule"),
            can_end_rule=user.has_perm("assistance.change_availabilityrule"),
            to_record=selectors.outcomes_to_record().count(), breadcrumbs=crumbs()[:1], **kwargs)


class SlotCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "assistance.add_slot"
    form_class = SlotForm
    page_title = gettext_lazy("Add a single slot")
    success_message = gettext_lazy("The slot is added.")

    def get_breadcrumbs(self):
        return crumbs((self.page_title, ""))

    def get_cancel_url(self):
        return reverse("assistance_staff:slots")

    def perform(self, form):
        data = form.cleaned_data
        starts = timezone.make_aware(datetime.combine(data["date"], data["start_time"]))
        return services.slot_create(actor=self.request.user, service_type=data["service_type"], branch=data["branch"],
                                    starts_at=starts, duration_minutes=data["duration_minutes"],
                                    capacity=data["capacity"], helper=data["helper"], location=data["location"])

    def get_success_url(self):
        return reverse("assistance_staff:slot", args=[self.result.pk])


class RuleCreateView(SlotCreateView):
    permission_required = "assistance.add_availabilityrule"
    form_class = RuleForm
    page_title = gettext_lazy("Add weekly availability")
    intro = gettext_lazy("Slots are created four weeks ahead and kept topped up every day.")
    success_message = gettext_lazy("The weekly availability is added and its slots are created.")

    def perform(self, form):
        data = form.cleaned_data
        return services.rule_create(
            actor=self.request.user, service_type=data["service_type"], branch=data["branch"],
            weekday=data["weekday"], start_time=data["start_time"], duration_minutes=data["duration_minutes"],
            capacity=data["capacity"], helper=data["helper"], location=data["location"],
            valid_from=data["valid_from"], valid_until=data["valid_until"])

    def get_success_url(self):
        return reverse("assistance_staff:slots")


class RuleEndView(StaffRequiredMixin, View):
    permission_required = "assistance.change_availabilityrule"
    http_method_names = ["post"]

    def post(self, request, pk):
        from everyreader.assistance.models import AvailabilityRule

        services.rule_end(actor=request.user, rule=get_object_or_404(AvailabilityRule, pk=pk))
        messages.success(request, _("No new slots will be created for this weekly availability."))
        return redirect("assistance_staff:slots")


class SlotDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_slot"
    template_name = "assistance/staff/slot.html"

    def get_context_data(self, **kwargs):
        slot = get_object_or_404(Slot.objects.select_related("service_type", "branch", "helper"), pk=kwargs["pk"])
        user = self.request.user
        started = slot.starts_at <= timezone.now()
        return super().get_context_data(
            page_title=_("%(service)s, %(when)s") % {"service": slot.service_type.label,
                                                     "when": timezone.localtime(slot.starts_at).strftime(
                                                         "%Y-%m-%d %H:%M")},
            slot=slot, bookings=slot.bookings.select_related("reader", "booked_by").order_by("pk"), started=started,
            can_book=user.has_perm("assistance.book_for_reader") and not started and not slot.is_cancelled,
            can_change=user.has_perm("assistance.change_slot") and not started and not slot.is_cancelled,
            can_record=user.has_perm("assistance.change_slotbooking"),
            outcome_form=OutcomeForm(), breadcrumbs=crumbs((str(slot.service_type), "")), **kwargs)


class SlotMixin(ObjectFormMixin):
    object_queryset = Slot.objects.select_related("service_type", "branch")
    object_attr, detail_url, crumbs = "slot", "assistance_staff:slot", staticmethod(crumbs)

    def object_label(self, slot) -> str:
        return str(slot.service_type)


class SlotBookForReaderView(StaffRequiredMixin, SlotMixin, ServiceFormView):
    permission_required = "assistance.book_for_reader"
    form_class = StaffSlotBookForm
    page_title = gettext_lazy("Book for a reader")
    submit_label = gettext_lazy("Book")
    success_message = gettext_lazy("The reader is booked.")

    def perform(self, form):
        data = form.cleaned_data
        return services.slot_book(actor=self.request.user, slot=self.slot, reader=form.reader,
                                  channel=data["channel"], note=data["note"])


class SlotCancelView(StaffRequiredMixin, SlotMixin, ServiceFormView):
    permission_required = "assistance.change_slot"
    form_class = ReasonForm
    page_title = gettext_lazy("Cancel this slot")
    intro = gettext_lazy("Every reader booked is told, with your reason, through their preferred channel.")
    submit_label = gettext_lazy("Cancel the slot")
    success_message = gettext_lazy("The slot is cancelled and the readers are told.")

    def perform(self, form):
        return services.slot_cancel(actor=self.request.user, slot=self.slot, reason=form.cleaned_data["reason"])


class SlotHelperView(StaffRequiredMixin, SlotMixin, ServiceFormView):
    permission_required = "assistance.change_slot"
    form_class = AssignHelperForm
    page_title = gettext_lazy("Assign a helper")
    success_message = gettext_lazy("The helper is assigned.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "slot": self.slot}

    def get_initial(self):
        return {"helper": self.slot.helper_id}

    def perform(self, form):
        return services.slot_assign_helper(actor=self.request.user, slot=self.slot, helper=form.cleaned_data["helper"])


class BookingOutcomeView(StaffRequiredMixin, View):
    """POST-only: attendance of one booking, or cancelling it, from the slot page."""

    permission_required = "assistance.change_slotbooking"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        booking = get_object_or_404(SlotBooking.objects.select_related("reader", "slot"), pk=pk)
        try:
            if action == "outcome":
                form = OutcomeForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Say whether the reader came."))
                services.booking_record_outcome(actor=request.user, booking=booking,
                                                attended=form.cleaned_data["attended"], note=form.cleaned_data["note"])
                messages.success(request, _("Attendance recorded."))
            elif action == "cancel":
                services.booking_cancel(actor=request.user, booking=booking)
                messages.success(request, _("Booking cancelled."))
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("assistance_staff:slot", booking.slot_id)


class ServiceTypeListView(StaffRequiredMixin, TemplateView):
    permission_required = "assistance.view_servicetype"
    template_name = "assistance/staff/services.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Assistance services"), service_types=selectors.service_types(active_only=False),
            can_add=self.request.user.has_perm("assistance.add_servicetype"),
            can_change=self.request.user.has_perm("assistance.change_servicetype"),
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Assistance services"), "")], **kwargs)


class ServiceTypeFormView(StaffRequiredMixin, ServiceFormView):
    form_class = ServiceTypeForm
    success_message = gettext_lazy("The service is saved.")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(ServiceType, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return ("assistance.change_servicetype" if self.object else "assistance.add_servicetype",)

    def get_page_title(self):
        return _("Change %(service)s") % {"service": self.object.label} if self.object else _("Add a service")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object or ServiceType()}

    def get_breadcrumbs(self):
        return [(_("Staff workspace"), reverse("staff:home")),
                (_("Assistance services"), reverse("assistance_staff:services")), (self.get_page_title(), "")]

    def get_cancel_url(self):
        return reverse("assistance_staff:services")

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in services.TYPE_FIELDS}
        if self.object:
            return services.service_type_update(actor=self.request.user, service_type=self.object, **data)
        return services.service_type_create(actor=self.request.user, code=form.cleaned_data.get("code", ""), **data)

    def get_success_url(self):
        return reverse("assistance_staff:services")


