"""Programme manager pages: create and edit goals; add, update and retire their targets."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import services
from everyreader.programs.forms import GoalForm, TargetForm
from everyreader.programs.models import Goal, Target
from everyreader.programs.views.common import ProgrammeMixin, crumbs


def goals_url(programme_id: int) -> str:
    return reverse("programmes:overview", args=[programme_id]) + "#goals-heading"


class GoalCreateView(ProgrammeMixin, ServiceFormView):
    permission_required = "programs.manage_programme"
    form_class = GoalForm
    page_title = gettext_lazy("Add a goal")
    success_message = gettext_lazy("Goal added. Now add its measurable targets.")

    def perform(self, form):
        return services.goal_create(actor=self.request.user, programme=self.get_programme(), **form.cleaned_data)

    def get_success_url(self):
        return reverse("programmes:target_add", args=[self.result.pk])

    def get_cancel_url(self):
        return goals_url(self.get_programme().pk)

    def get_breadcrumbs(self):
        return crumbs(self.get_programme(), (self.page_title, ""))


class _GoalPage(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.manage_programme"

    def dispatch(self, request, *args, **kwargs):
        self.goal = get_object_or_404(Goal.objects.select_related("programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def goal_label(self):
        return f"{self.goal.code}. {self.goal.localized('title', self.request.LANGUAGE_CODE.lower())}"

    def get_success_url(self):
        return goals_url(self.goal.programme_id)

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.goal.programme, (self.get_page_title(), ""))


class GoalEditView(_GoalPage):
    form_class = GoalForm
    success_message = gettext_lazy("Goal updated.")

    def get_page_title(self):
        return _("Edit goal %(code)s") % {"code": self.goal.code}

    def get_initial(self):
        return {"code": self.goal.code, "title": self.goal.localized("title", self.request.LANGUAGE_CODE.lower())}

    def perform(self, form):
        data = dict(form.cleaned_data)
        if data["title"] == self.goal.localized("title", self.request.LANGUAGE_CODE.lower()):
            data["title"] = self.goal.title  # unchanged text keeps its translations
        return services.goal_update(actor=self.request.user, goal=self.goal, **data)


class TargetCreateView(_GoalPage):
    form_class = TargetForm
    success_message = gettext_lazy("Target added.")

    def get_page_title(self):
        return _("Add a target to goal %(goal)s") % {"goal": self.goal_label()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "new": True}

    def perform(self, form):
        return services.target_create(actor=self.request.user, goal=self.goal, **form.cleaned_data)


class TargetEditView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.manage_programme"
    form_class = TargetForm
    success_message = gettext_lazy("Target updated.")

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(Target.objects.select_related("goal__programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Update target: %(indicator)s") % {
            "indicator": self.target.localized("indicator", self.request.LANGUAGE_CODE.lower())}

    def get_initial(self):
        t, lang = self.target, self.request.LANGUAGE_CODE.lower()
        return {"indicator": t.localized("indicator", lang), "unit": t.localized("unit", lang),
                "baseline": t.baseline, "target_value": t.target_value, "current_value": t.current_value,
                "target_date": t.target_date, "retired": t.retired}

    def perform(self, form):
        data = dict(form.cleaned_data)
        lang = self.request.LANGUAGE_CODE.lower()
        for name in ("indicator", "unit"):  # unchanged text keeps its translations
            if data[name] == self.target.localized(name, lang):
                del data[name]
        return services.target_update(actor=self.request.user, target=self.target, **data)

    def get_success_url(self):
        return goals_url(self.target.goal.programme_id)

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.target.goal.programme, (self.get_page_title(), ""))
