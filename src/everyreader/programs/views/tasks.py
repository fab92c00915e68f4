from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import gantt, policies, schedule, selectors, services
from everyreader.programs.forms import TaskFilterForm, TaskForm
from everyreader.programs.views.common import ProgrammeMixin, crumbs, load, require


def _annotate(tasks, today, violations):
    broken = {v.task.pk for v in violations}
    for task in tasks:
        task.late = schedule.is_late(task, today)
        task.overdue = schedule.is_overdue(task, today)
        task.expected = schedule.expected_percent(task, today)
        task.variance = schedule.variance_weeks(task, today)
        task.violation = task.pk in broken
    return tasks


class TaskListView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_task"
    template_name = "programs/task_list.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        form = TaskFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        department = data.get("department")
        tasks = list(selectors.task_list(programme, department_id=department.pk if department else None,
                                         status=data.get("status", "")))
        violations = schedule.dependency_violations(tasks, self.today)
        user = self.request.user
        for task in tasks:
            task.can_edit = policies.can_edit_task(user, task)
        return super().get_context_data(
            programme=programme, tasks=_annotate(tasks, self.today, violations), filter_form=form,
            page_title=_("Tasks"), breadcrumbs=crumbs(programme, (_("Tasks"), "")), **kwargs)


class TaskDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_task"
    template_name = "programs/task_detail.html"

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        task = load(selectors.task_detail, self.kwargs["pk"])
        today = timezone.localdate()
        violations = [v for v in schedule.dependency_violations([task], today)]
        _annotate([task], today, violations)
        lang = self.request.LANGUAGE_CODE.lower()
        return super().get_context_data(
            task=task, programme=task.programme, violations=violations,
            can_edit=policies.can_edit_task(self.request.user, task),
            page_title=f"{task.code} {task.localized('title', lang)}",
            breadcrumbs=crumbs(task.programme, (_("Tasks"), reverse("programmes:tasks", args=[task.programme_id])),
                               (task.code, "")), **kwargs)


class TaskEditView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.change_task"
    form_class = TaskForm
    success_message = gettext_lazy("Task saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.task = load(selectors.task_detail, kwargs["pk"])
            require(policies.can_edit_task(request.user, self.task))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_move": policies.is_manager(self.request.user), "task": self.task}

    def get_initial(self):
        t = self.task
        return {"department": t.department, "owner": t.owner, "start_week": t.start_week, "end_week": t.end_week,
                "status": t.status, "percent_complete": t.percent_complete, "blocked_reason": t.blocked_reason,
                "resources": t.localized("resources", self.request.LANGUAGE_CODE.lower()),
                "deliverables": t.deliverables, "depends_on": list(t.depends_on.all())}

    def get_page_title(self):
        return _("Edit task %(code)s") % {"code": self.task.code}

    def perform(self, form):
        data = dict(form.cleaned_data)
        if data.get("resources") == self.task.localized("resources", self.request.LANGUAGE_CODE.lower()):
            data.pop("resources")  # unchanged: keep the plan's text in every language
        predecessors = data.pop("depends_on", None)
        with transaction.atomic():  # both changes or neither
            if predecessors is not None and set(predecessors) != set(self.task.depends_on.all()):
                services.task_set_dependencies(actor=self.request.user, task=self.task, predecessors=predecessors)
            return services.task_update(actor=self.request.user, task=self.task, **data)

    def get_success_url(self):
        return reverse("programmes:task_detail", args=[self.task.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.task.programme,
                      (_("Tasks"), reverse("programmes:tasks", args=[self.task.programme_id])),
                      (self.task.code, reverse("programmes:task_detail", args=[self.task.pk])),
                      (_("Edit"), ""))


class TimelineView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_task"
    template_name = "programs/timeline.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        lang = self.request.LANGUAGE_CODE.lower()
        tasks = selectors.ordered_tree(programme)
        violations = schedule.dependency_violations(tasks, self.today)
        _annotate(tasks, self.today, violations)
        milestones = list(selectors.milestones(programme))
        rows = [gantt.Row(code=t.code, label=t.localized("title", lang), start_week=t.start_week,
                          end_week=t.end_week, percent=t.percent_complete, is_key=t.parent_id is None,
                          late=t.late, blocked=t.status == t.Status.BLOCKED, done=t.status == t.Status.DONE,
                          violation=t.violation) for t in tasks]
        svg = gantt.render(rows, weeks=programme.weeks, start_date=programme.start_date, today=self.today,
                           milestones=[(m.week, m.localized("title", lang)) for m in milestones])
        return super().get_context_data(
            programme=programme, tasks=tasks, svg=svg, violations=violations, milestones=milestones,
            week=programme.week_of(self.today), today=self.today,
            page_title=_("Timeline"), breadcrumbs=crumbs(programme, (_("Timeline"), "")), **kwargs)
