"""Staff pages for the roster: everyone may look; department heads manage it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.outreach import roster_services, selectors
from everyreader.outreach.forms import AvailabilityForm, MemberForm, TrainingForm
from everyreader.outreach.models import RosterMember, Skill
from everyreader.outreach.views_delivery import crumbs


def _roster_crumbs(*pairs):
    return crumbs((_("Roster"), reverse("outreach:roster_list")), *pairs)


class RosterListView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_rostermember"
    template_name = "outreach/roster_list.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        skill = self.request.GET.get("skill", "")
        skill = skill if skill in Skill.values else ""
        today = timezone.localdate()
        members = list(selectors.roster_list(skill=skill)[:300])
        for member in members:
            member.reasons = selectors.why_not_schedulable(member, skill=skill or Skill.HOME_DELIVERY, day=today)
        return super().get_context_data(page_title=_("Volunteer and staff roster"), members=members, skill=skill,
                                        skills=Skill.choices, breadcrumbs=crumbs((_("Roster"), "")), **kwargs)


class MemberDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "outreach.view_rostermember"
    template_name = "outreach/member_detail.html"

    def get_context_data(self, training_form=None, **kwargs):
        member = get_object_or_404(selectors.roster_list(), pk=self.kwargs["pk"])
        from django.utils import timezone

        if training_form is None:
            audit.record(actor=self.request.user, action="roster.member_viewed", obj=member)

        today = timezone.localdate()
        return super().get_context_data(
            page_title=member.name, member=member, today=today,
            readiness=[(label, selectors.why_not_schedulable(member, skill=value, day=today))
                       for value, label in Skill.choices if value in member.skills],
            training_form=training_form or TrainingForm(),
            can_manage=self.request.user.has_perm("outreach.manage_roster"),
            breadcrumbs=_roster_crumbs((member.name, "")), **kwargs)

    def post(self, request, pk):
        """Add a training record."""
        if not request.user.has_perm("outreach.manage_roster"):
            raise PermissionDenied
        member = get_object_or_404(RosterMember, pk=pk)
        form = TrainingForm(request.POST)
        if form.is_valid():
            try:
                roster_services.training_add(actor=request.user, member=member, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Training record added."))
                return redirect("outreach:member_detail", pk=pk)
        return self.render_to_response(self.get_context_data(training_form=form))


class MemberCreateView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.manage_roster"
    form_class = MemberForm
    page_title = gettext_lazy("Add someone to the roster")
    intro = gettext_lazy("Only people with a cleared background check and valid training can be sent out.")

    def get_initial(self):
        return {"kind": "volunteer", "vetting_status": "pending", "notify_by": "sms", "is_active": True,
                "skills": ["home_delivery"]}

    def get_breadcrumbs(self):
        return _roster_crumbs((_("Add"), ""))

    def get_cancel_url(self):
        return reverse("outreach:roster_list")

    def perform(self, form):
        data = dict(form.cleaned_data)
        data["user"] = data.pop("username")
        return roster_services.member_create(actor=self.request.user, **data)

    def get_success_url(self):
        return reverse("outreach:member_detail", args=[self.result.pk])

    success_message = gettext_lazy("Added to the roster.")


class MemberUpdateView(MemberCreateView):
    page_title = gettext_lazy("Change roster entry")
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(RosterMember, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        m = self.member
        return {"kind": m.kind, "name": m.name, "phone": m.phone, "email": m.email, "branch": m.branch_id,
                "skills": m.skills, "vetting_status": m.vetting_status, "vetted_on": m.vetted_on,
                "vetting_expires_on": m.vetting_expires_on, "notify_by": m.notify_by, "is_active": m.is_active,
                "notes": m.notes, "username": m.user.username if m.user_id else ""}

    def get_breadcrumbs(self):
        return _roster_crumbs((self.member.name, self.get_cancel_url()), (_("Change"), ""))

    def get_cancel_url(self):
        return reverse("outreach:member_detail", args=[self.member.pk])

    def perform(self, form):
        data = dict(form.cleaned_data)
        data["user"] = data.pop("username")
        return roster_services.member_update(actor=self.request.user, member=self.member, **data)

    success_message = gettext_lazy("Roster entry saved.")


class AvailabilityView(StaffRequiredMixin, ServiceFormView):
    extra_context = {"base_template": "outreach/_base.html"}
    permission_required = "outreach.manage_roster"
    form_class = AvailabilityForm
    page_title = gettext_lazy("Weekly availability")
    intro = gettext_lazy("One time slot per day; leave a day empty if the person is not available.")

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(RosterMember, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {}
        for slot in self.member.availability.all():
            initial[f"d{slot.weekday}_start"], initial[f"d{slot.weekday}_end"] = slot.start, slot.end
        return initial

    def get_breadcrumbs(self):
        return _roster_crumbs((self.member.name, self.get_cancel_url()), (_("Availability"), ""))

    def get_cancel_url(self):
        return reverse("outreach:member_detail", args=[self.member.pk])

    def perform(self, form):
        return roster_services.availability_set(actor=self.request.user, member=self.member,
                                                slots=form.cleaned_data["slots"])

    def get_success_url(self):
        return self.get_cancel_url()

    success_message = gettext_lazy("Availability saved.")

