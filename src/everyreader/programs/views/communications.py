from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import policies, selectors, services
from everyreader.programs.forms import CommunicationLogForm
from everyreader.programs.models import Communication
from everyreader.programs.views.common import ProgrammeMixin, crumbs, require


class CommunicationPlanView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_communication"
    template_name = "programs/communications.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        items = list(selectors.communication_plan(programme))
        for item in items:
            item.can_log = policies.can_log_communication(self.request.user, item)
            item.due = bool(item.next_due and item.next_due <= self.today)
        return super().get_context_data(
            programme=programme, items=items, page_title=_("Communication plan"),
            breadcrumbs=crumbs(programme, (_("Communication plan"), "")), **kwargs)


class CommunicationLogView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.view_communication"
    form_class = CommunicationLogForm
    success_message = gettext_lazy("Logged.")
    submit_label = gettext_lazy("Log it")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(Communication.objects.select_related("programme", "stakeholder"),
                                          pk=kwargs["pk"])
            require(policies.can_log_communication(request.user, self.item))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def get_page_title(self):
        lang = self.request.LANGUAGE_CODE.lower()
        return _("Log a communication to %(who)s") % {"who": self.item.stakeholder.localized("name", lang)}

    def perform(self, form):
        return services.communication_log(actor=self.request.user, communication=self.item, **form.cleaned_data)

    def get_success_url(self):
        return reverse("programmes:communications", args=[self.item.programme_id])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.item.programme, (_("Communication plan"), self.get_success_url()),
                      (_("Log"), ""))
