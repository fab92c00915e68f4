from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import policies, selectors, services
from everyreader.programs.forms import ImportPlanForm, ProgrammeForm
from everyreader.programs.views.common import ProgrammeMixin, crumbs


class ProgrammeIndexView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_programme"
    template_name = "programs/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programmes=list(selectors.programme_list()),
                                        can_manage=policies.is_manager(self.request.user),
                                        page_title=_("Service programmes"),
                                        breadcrumbs=crumbs()[:-1] + [(_("Programmes"), "")], **kwargs)


class ImportPlanView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.manage_programme"
    form_class = ImportPlanForm
    page_title = gettext_lazy("Import the 56-week plan")
    intro = gettext_lazy("Creates the programme with its five goals, eight key tasks and sixteen sub-tasks, "
                         "milestones, dependencies, the risk register, the meeting series and the "
                         "communication plan, in all three languages.")
    submit_label = gettext_lazy("Import the plan")
    success_message = gettext_lazy("The plan was imported.")

    def perform(self, form):
        return services.import_plan(actor=self.request.user, start_date=form.cleaned_data["start_date"],
                                    code=form.cleaned_data["code"] or None, manager=self.request.user)

    def get_success_url(self):
        return reverse("programmes:overview", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("programmes:index")

    def get_breadcrumbs(self):
        return crumbs(None, (self.page_title, ""))


class OverviewView(ProgrammeMixin, TemplateView):
    template_name = "programs/overview.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        health = selectors.health(programme, self.today)
        loads = selectors.staff_load(programme, self.today)
        can_manage = policies.is_manager(self.request.user)
        return super().get_context_data(
            programme=programme, health=health, goals=selectors.goals_with_targets(programme, include_retired=can_manage),
            budget=selectors.budget_totals(programme), loads=loads,
            overloaded=[load for load in loads if load.overloaded],
            department_loads=selectors.department_load(programme, self.today),
            milestones=selectors.milestones(programme), week=programme.week_of(self.today),
            can_manage=can_manage, today=self.today,
            page_title=programme.localized("name", self.request.LANGUAGE_CODE.lower()),
            breadcrumbs=crumbs()[:-1] + [(_("Programmes"), reverse("programmes:index")),
                                         (_("Overview"), "")], **kwargs)


class ProgrammeEditView(ProgrammeMixin, ServiceFormView):
    permission_required = "programs.manage_programme"
    form_class = ProgrammeForm
    page_title = gettext_lazy("Programme settings")
    success_message = gettext_lazy("Changes saved.")

    def get_initial(self):
        p = self.get_programme()
        return {"start_date": p.start_date, "status": p.status, "manager": p.manager,
                "report_due_day": p.report_due_day}

    def perform(self, form):
        return services.programme_update(actor=self.request.user, programme=self.get_programme(),
                                         **form.cleaned_data)

    def get_success_url(self):
        return reverse("programmes:overview", args=[self.get_programme().pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.get_programme(), (self.page_title, ""))


class MyWorkView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_task"
    template_name = "programs/my_work.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        today = timezone.localdate()
        return super().get_context_data(work=selectors.my_work(self.request.user, today), today=today,
                                        page_title=_("My programme work"),
                                        breadcrumbs=crumbs()[:-1] + [(_("My programme work"), "")], **kwargs)

