"""Staff pages for home delivery: overview, profiles, visits (choose items, record, feedback)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.catalog.models import Item
from everyreader.catalog.vocab import Format
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.outreach import selectors, services
from everyreader.outreach.forms import (AssignForm, ChooseItemsForm, FeedbackForm, ProfileFilterForm, ProfileForm,
                                        RecordVisitForm, VisitFilterForm, VisitScheduleForm)
from everyreader.outreach.models import DeliveryProfile, ProfileStatus, Visit, VisitItemKind, VisitStatus


def crumbs(*pairs):
    return [(_("Staff workspace"), reverse("staff:home")), (_("Home delivery"), reverse("outreach:home")), *pairs]


class HomeView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_visit"
    template_name = "outreach/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        week = list(selectors.visit_list(start=today, end=today + dt.timedelta(days=6),
                                         status=VisitStatus.PLANNED)[:200])
        return super().get_context_data(
            page_title=_("Home delivery"), today=today, week=week, attention=selectors.visits_needing_attention(today),
            active_profiles=DeliveryProfile.objects.filter(status=ProfileStatus.ACTIVE).count(),
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Home delivery"), "")], **kwargs)


class ProfileListView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_deliveryprofile"
    template_name = "outreach/profile_list.html"

    def get_context_data(self, **kwargs):
        form = ProfileFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        profiles = selectors.profile_list(query=data.get("q", ""), status=data.get("status", ""))
        page = Paginator(profiles, 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Delivery profiles"), form=form, page_obj=page,
                                        breadcrumbs=crumbs((_("Delivery profiles"), "")), **kwargs)


class ProfileCreateView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.add_deliveryprofile"
    form_class = ProfileForm
    page_title = gettext_lazy("New delivery profile")
    intro = gettext_lazy("For a reader who cannot come to the library. Agree the day, time and what they like "
                         "to read, and record their consent to home delivery.")

    def get_initial(self):
        return {"card_number": self.request.GET.get("card", ""), "start_on": timezone.localdate(),
                "window_start": dt.time(9), "window_end": dt.time(11), "formats": ["large_print"]}

    def get_breadcrumbs(self):
        return crumbs((_("Delivery profiles"), reverse("outreach:profile_list")), (_("New delivery profile"), ""))

    def get_cancel_url(self):
        return reverse("outreach:profile_list")

    def perform(self, form):
        from everyreader.readers.selectors import reader_by_card

        data = dict(form.cleaned_data)
        reader = reader_by_card(data.pop("card_number").strip())
        if reader is None:
            raise DomainError(_("No reader has this card number."), field="card_number")
        return services.profile_create(actor=self.request.user, reader=reader, **data)

    def get_success_url(self):
        return reverse("outreach:profile_detail", args=[self.result.pk])

    success_message = gettext_lazy("Delivery profile created.")


class ProfileDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_deliveryprofile"
    template_name = "outreach/profile_detail.html"

    def get_context_data(self, **kwargs):
        profile = get_object_or_404(selectors.profile_list(), pk=self.kwargs["pk"])
        audit.record(actor=self.request.user, action="delivery.profile_viewed", obj=profile,
                     object_repr=profile.reader.card_number)
        return super().get_context_data(
            page_title=_("Home delivery for %(name)s") % {"name": profile.reader.full_name}, profile=profile,
            visits=list(selectors.visits_of_profile(profile)[:30]),
            history=list(selectors.delivered_history(profile.reader)[:50]),
            outstanding=selectors.outstanding_items(profile),
            format_labels=[str(Format(f).label) for f in profile.formats if f in Format.values],
            breadcrumbs=crumbs((_("Delivery profiles"), reverse("outreach:profile_list")),
                               (profile.reader.full_name, "")), **kwargs)


class ProfileUpdateView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.change_deliveryprofile"
    page_title = gettext_lazy("Change delivery profile")

    def dispatch(self, request, *args, **kwargs):
        self.profile = get_object_or_404(DeliveryProfile.objects.select_related("reader"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ProfileForm(**self.get_form_kwargs(), editing=True)

    def get_initial(self):
        return ProfileForm.initial_from(self.profile)

    def get_breadcrumbs(self):
        return crumbs((_("Delivery profiles"), reverse("outreach:profile_list")),
                      (self.profile.reader.full_name, self.get_cancel_url()), (_("Change"), ""))

    def get_cancel_url(self):
        return reverse("outreach:profile_detail", args=[self.profile.pk])

    def perform(self, form):
        return services.profile_update(actor=self.request.user, profile=self.profile, **form.cleaned_data)

    def get_success_url(self):
        return self.get_cancel_url()

    success_message = gettext_lazy("Delivery profile saved.")


class ProfilePauseView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.change_deliveryprofile"
    page_title = gettext_lazy("Pause or resume home delivery")

    def dispatch(self, request, *args, **kwargs):
        self.profile = get_object_or_404(DeliveryProfile.objects.select_related("reader"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        from everyreader.outreach.forms import PauseForm

        return PauseForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.profile.status == ProfileStatus.PAUSED:
            context["intro"] = _("The service is paused. Save with no date to keep it paused, or resume it from "
                                 "the profile page.")
        else:
            context["intro"] = _("Planned visits in the pause are cancelled.")
        return context

    def get_breadcrumbs(self):
        return crumbs((_("Delivery profiles"), reverse("outreach:profile_list")),
                      (self.profile.reader.full_name, self.get_cancel_url()), (_("Pause"), ""))

    def get_cancel_url(self):
        return reverse("outreach:profile_detail", args=[self.profile.pk])

    def perform(self, form):
        return services.profile_pause(actor=self.request.user, profile=self.profile, until=form.cleaned_data["until"])

    def get_success_url(self):
        return self.get_cancel_url()

    success_message = gettext_lazy("Home delivery paused.")


class ProfileResumeView(StaffRequiredMixin, View):
    permission_required = "outreach.change_deliveryprofile"

    def post(self, request, pk):
        profile = get_object_or_404(DeliveryProfile, pk=pk)
        try:
            services.profile_resume(actor=request.user, profile=profile)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Home delivery resumed."))
        return redirect("outreach:profile_detail", pk=pk)


class VisitListView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_visit"
    template_name = "outreach/visit_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = VisitFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        start = data.get("start") or (None if self.request.GET.get("past") else today)
        end = data.get("end") or (today - dt.timedelta(days=1) if self.request.GET.get("past") else None)
        visits = selectors.visit_list(start=start, end=end, status=data.get("status", ""),
                                      unassigned=data.get("unassigned", False) or bool(self.request.GET.get("unassigned")))
        page = Paginator(visits, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Home-delivery visits"), form=form, page_obj=page,
                                        breadcrumbs=crumbs((_("Visits"), "")), **kwargs)


class VisitScheduleView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.add_visit"
    form_class = VisitScheduleForm
    page_title = gettext_lazy("Schedule a visit")
    intro = gettext_lazy("For an extra visit or a changed day. Regular visits are planned automatically from "
                         "each profile.")

    def get_initial(self):
        return {"profile": self.request.GET.get("profile"), "date": timezone.localdate()}

    def get_breadcrumbs(self):
        return crumbs((_("Visits"), reverse("outreach:visit_list")), (_("Schedule a visit"), ""))

    def get_cancel_url(self):
        return reverse("outreach:visit_list")

    def perform(self, form):
        data = form.cleaned_data
        return services.visit_schedule(actor=self.request.user, profile=data["profile"], date=data["date"],
                                       window_start=data["window_start"], window_end=data["window_end"],
                                       deliverer=data["deliverer"], note=data["note"])

    def get_success_url(self):
        return reverse("outreach:visit_detail", args=[self.result.pk])

    success_message = gettext_lazy("Visit scheduled. The reader has been told.")


def _visit(pk) -> Visit:
    return get_object_or_404(selectors.visit_list(), pk=pk)


def _options(visit, chosen) -> list[Item]:
    """The items offered on the visit page: those already chosen, then fresh suggestions."""
    items = [vi.item for vi in chosen if not vi.done]
    taken = {i.pk for i in items}
    return items + [i for i in selectors.suggest_items(visit.profile, visit=visit) if i.pk not in taken]


class VisitDetailView(StaffRequiredMixin, TemplateView):
    """The visit, its items, and (while planned) the form to choose items from suggestions."""

    permission_required = "outreach.view_visit"
    template_name = "outreach/visit_detail.html"

    def get_context_data(self, form=None, **kwargs):
        visit = _visit(self.kwargs["pk"])
        planned = visit.status == VisitStatus.PLANNED
        chosen = [vi for vi in visit.items.all() if vi.kind == VisitItemKind.DELIVER]
        if form is None and planned:
            options = _options(visit, chosen)
            initial = [str(vi.item_id) for vi in chosen if not vi.done] or [str(i.pk) for i in options]
            form = ChooseItemsForm(suggestions=options, initial={"items": initial})
        return super().get_context_data(
            page_title=_("Visit to %(name)s on %(date)s") % {"name": visit.profile.reader.full_name,
                                                              "date": visit.date.isoformat()},
            visit=visit, chosen=chosen, collected=[vi for vi in visit.items.all() if vi.kind == VisitItemKind.COLLECT],
            form=form, assign_form=AssignForm(initial={"deliverer": visit.deliverer_id}) if planned else None,
            outstanding=selectors.outstanding_items(visit.profile),
            breadcrumbs=crumbs((_("Visits"), reverse("outreach:visit_list")), (str(visit.date), "")), **kwargs)

    def post(self, request, pk):
        if not request.user.has_perm("outreach.change_visit"):
            raise PermissionDenied
        visit = _visit(pk)
        chosen = [vi for vi in visit.items.all() if vi.kind == VisitItemKind.DELIVER and not vi.done]
        form = ChooseItemsForm(request.POST, suggestions=_options(visit, chosen))
        if form.is_valid():
            try:
                ids = [int(i) for i in form.cleaned_data["items"]]
                again = [vi.item_id for vi in chosen if vi.send_again and vi.item_id in ids]
                extra = []
                for barcode in form.cleaned_data["barcodes"]:
                    item = Item.objects.filter(barcode=barcode).first()
                    if item is None:
                        raise DomainError(_("No item has the barcode %(barcode)s.") % {"barcode": barcode},
                                          field="barcodes")
                    extra.append(item.pk)
                services.visit_choose_items(actor=request.user, visit=visit, item_ids=ids + extra,
                                            send_again_ids=again + (extra if form.cleaned_data["send_again"] else []))
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Items chosen for the visit."))
                return redirect("outreach:visit_detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


class VisitAssignView(StaffRequiredMixin, View):
    permission_required = "outreach.change_visit"

    def post(self, request, pk):
        visit = get_object_or_404(Visit, pk=pk)
        form = AssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a deliverer from the list."))
        else:
            try:
                services.visit_assign(actor=request.user, visit=visit, deliverer=form.cleaned_data["deliverer"])
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Deliverer saved."))
        return redirect("outreach:visit_detail", pk=pk)


class VisitRecordView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.change_visit"
    page_title = gettext_lazy("Record the visit")
    submit_label = gettext_lazy("Save the outcome")
    intro = gettext_lazy("Items handed over are lent to the reader; items collected are returned.")

    def dispatch(self, request, *args, **kwargs):
        self.visit = get_object_or_404(selectors.visit_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        chosen = [vi for vi in self.visit.items.all() if vi.kind == VisitItemKind.DELIVER and not vi.done]
        return RecordVisitForm(**self.get_form_kwargs(), chosen=chosen,
                               outstanding=selectors.outstanding_items(self.visit.profile))

    def get_breadcrumbs(self):
        return crumbs((_("Visits"), reverse("outreach:visit_list")), (str(self.visit.date), self.get_cancel_url()),
                      (_("Record"), ""))

    def get_cancel_url(self):
        return reverse("outreach:visit_detail", args=[self.visit.pk])

    def perform(self, form):
        data = form.cleaned_data
        return services.visit_record(actor=self.request.user, visit=self.visit, outcome=data["outcome"],
                                     handed_over_ids=data["handed_over"], collected_ids=data["collected"],
                                     note=data["note"])

    def get_success_url(self):
        return self.get_cancel_url()

    success_message = gettext_lazy("Visit recorded.")


class VisitFeedbackView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.change_visit"
    form_class = FeedbackForm
    page_title = gettext_lazy("Reader's feedback on the visit")
    intro = gettext_lazy("Take down what the reader tells you, for example when you call after the visit.")

    def dispatch(self, request, *args, **kwargs):
        self.visit = get_object_or_404(Visit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"rating": self.visit.rating, "comment": self.visit.comment}

    def get_breadcrumbs(self):
        return crumbs((_("Visits"), reverse("outreach:visit_list")), (str(self.visit.date), self.get_cancel_url()),
                      (_("Feedback"), ""))

    def get_cancel_url(self):
        return reverse("outreach:visit_detail", args=[self.visit.pk])

    def perform(self, form):
        return services.visit_feedback(actor=self.request.user, visit=self.visit, **form.cleaned_data)

    def get_success_url(self):
        return self.get_cancel_url()

    success_message = gettext_lazy("Feedback saved.")
