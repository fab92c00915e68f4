from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import policies, selectors, services
from everyreader.programs.forms import ActionItemForm, ActionStatusForm, MeetingCreateForm, MeetingRecordForm
from everyreader.programs.models import ActionItem
from everyreader.programs.views.common import ProgrammeMixin, crumbs, load, require


def can_run(user, meeting) -> bool:
    return policies.is_manager(user) or meeting.chair_id == user.pk


class MeetingListView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_meeting"
    template_name = "programs/meeting_list.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        page = Paginator(selectors.meeting_list(programme), 20).get_page(self.request.GET.get("page"))
        for meeting in page.object_list:
            meeting.open_actions = sum(1 for a in meeting.actions.all() if a.status == ActionItem.Status.OPEN)
        return super().get_context_data(
            programme=programme, page_obj=page, meetings=page.object_list, series=programme.meeting_series.all(),
            can_create=policies.can_create_meeting(self.request.user),
            page_title=_("Meetings"), breadcrumbs=crumbs(programme, (_("Meetings"), "")), **kwargs)


class MeetingDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_meeting"
    template_name = "programs/meeting_detail.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        meeting = load(selectors.meeting_detail, self.kwargs["pk"])
        user = self.request.user
        today = timezone.localdate()
        for action in meeting.actions.all():
            action.can_update = policies.can_update_action(user, action)
            action.overdue = action.status == ActionItem.Status.OPEN and action.due_date < today
        lang = self.request.LANGUAGE_CODE.lower()
        return super().get_context_data(
            meeting=meeting, programme=meeting.programme, can_run=can_run(user, meeting),
            page_title=f"{meeting.localized('title', lang)} {meeting.date:%Y-%m-%d}",
            breadcrumbs=crumbs(meeting.programme,
                               (_("Meetings"), reverse("programmes:meetings", args=[meeting.programme_id])),
                               (f"{meeting.date:%Y-%m-%d}", "")), **kwargs)


class MeetingCreateView(ProgrammeMixin, ServiceFormView):
    permission_required = "programs.view_meeting"
    form_class = MeetingCreateForm
    page_title = gettext_lazy("New meeting")
    intro = gettext_lazy("Call a meeting outside the recurring schedule, such as an extraordinary risk review "
                         "or a partner workshop. You chair it and can record its minutes afterwards.")
    submit_label = gettext_lazy("Create the meeting")
    success_message = gettext_lazy("Meeting created.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            require(policies.can_create_meeting(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.get_programme()}

    def perform(self, form):
        return services.meeting_create(actor=self.request.user, programme=self.get_programme(), **form.cleaned_data)

    def get_success_url(self):
        return reverse("programmes:meeting_detail", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("programmes:meetings", args=[self.get_programme().pk])

    def get_breadcrumbs(self):
        return crumbs(self.get_programme(), (_("Meetings"), self.get_cancel_url()), (self.page_title, ""))


class _MeetingFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.view_meeting"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.meeting = load(selectors.meeting_detail, kwargs["pk"])
            require(can_run(request.user, self.meeting))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("programmes:meeting_detail", args=[self.meeting.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.meeting.programme,
                      (_("Meetings"), reverse("programmes:meetings", args=[self.meeting.programme_id])),
                      (f"{self.meeting.date:%Y-%m-%d}", reverse("programmes:meeting_detail", args=[self.meeting.pk])),
                      (self.get_page_title(), ""))


class MeetingRecordView(_MeetingFormView):
    form_class = MeetingRecordForm
    page_title = gettext_lazy("Record minutes and decisions")
    success_message = gettext_lazy("Minutes saved.")

    def get_initial(self):
        m = self.meeting
        return {"status": m.status, "minutes": m.minutes, "attendees": list(m.attendees.all())}

    def perform(self, form):
        data = form.cleaned_data
        return services.meeting_record(actor=self.request.user, meeting=self.meeting, minutes=data["minutes"],
                                       status=data["status"], attendees=data["attendees"],
                                       decisions=data["decisions"].splitlines())


class ActionItemAddView(_MeetingFormView):
    form_class = ActionItemForm
    page_title = gettext_lazy("Add an action item")
    success_message = gettext_lazy("Action item added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.meeting.programme}

    def perform(self, form):
        return services.action_item_add(actor=self.request.user, meeting=self.meeting, **form.cleaned_data)


class ActionStatusView(StaffRequiredMixin, View):
    permission_required = "programs.view_meeting"
    http_method_names = ["post"]

    def post(self, request, pk):
        action = load(lambda key: ActionItem.objects.select_related("meeting").get(pk=key), pk)
        require(policies.can_update_action(request.user, action))
        form = ActionStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status."))
        else:
            try:
                services.action_item_set_status(actor=request.user, action=action, status=form.cleaned_data["status"])
                messages.success(request, _("Action item updated."))
            except DomainError as error:
                messages.error(request, error.message)
        return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/staff/")
                        else reverse("programmes:meeting_detail", args=[action.meeting_id]))
