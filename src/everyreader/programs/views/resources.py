"""Budget lines and staff allocation of a task (those who may edit the task)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import policies, selectors, services
from everyreader.programs.forms import AllocationForm, BudgetLineForm
from everyreader.programs.views.common import crumbs, load, require


class _TaskChildFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.change_task"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.task = load(selectors.task_detail, kwargs["pk"])
            require(policies.can_edit_task(request.user, self.task))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("programmes:task_detail", args=[self.task.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.task.programme,
                      (_("Tasks"), reverse("programmes:tasks", args=[self.task.programme_id])),
                      (self.task.code, self.get_success_url()), (self.get_page_title(), ""))


class BudgetLineAddView(_TaskChildFormView):
    form_class = BudgetLineForm
    success_message = gettext_lazy("Budget line added.")

    def get_page_title(self):
        return _("Add a budget line to %(code)s") % {"code": self.task.code}

    def perform(self, form):
        return services.budget_line_add(actor=self.request.user, task=self.task, **form.cleaned_data)


class AllocationSetView(_TaskChildFormView):
    form_class = AllocationForm
    success_message = gettext_lazy("Staff allocation saved.")

    def get_page_title(self):
        return _("Allocate staff to %(code)s") % {"code": self.task.code}

    def perform(self, form):
        return services.allocation_set(actor=self.request.user, task=self.task, **form.cleaned_data)
