"""Staff pages for the feedback settings and improvement actions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.feedback import config_services, root_causes, selectors
from everyreader.feedback.models import Category, ImprovementAction, ServiceTarget
from everyreader.feedback.staff_forms import ActionForm, CategoryForm, ServiceTargetForm
from everyreader.feedback.views_staff import crumbs


class SettingsView(StaffRequiredMixin, TemplateView):
    permission_required = "feedback.view_category"
    template_name = "feedback/staff/settings.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Feedback categories and service levels"),
            categories=selectors.categories(active_only=False), targets=selectors.service_targets(),
            breadcrumbs=crumbs((_("Settings"), "")), **kwargs)


class CategoryFormView(StaffRequiredMixin, ServiceFormView):
    form_class = CategoryForm
    success_url = reverse_lazy("feedback_staff:settings")
    cancel_url = reverse_lazy("feedback_staff:settings")
    success_message = gettext_lazy("Category saved.")

    def get_permission_required(self):
        return ("feedback.change_category",) if "pk" in self.kwargs else ("feedback.add_category",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(Category, pk=self.kwargs["pk"])
        return kwargs

    def get_page_title(self):
        return _("Edit category") if "pk" in self.kwargs else _("New category")

    def get_breadcrumbs(self):
        return crumbs((_("Settings"), reverse("feedback_staff:settings")), (self.get_page_title(), ""))

    def perform(self, form):
        return config_services.category_save(actor=self.request.user, category=form.save(commit=False))


class TargetFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "feedback.change_servicetarget"
    form_class = ServiceTargetForm
    success_url = reverse_lazy("feedback_staff:settings")
    cancel_url = reverse_lazy("feedback_staff:settings")
    success_message = gettext_lazy("Service-level target saved.")

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(ServiceTarget, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.target}

    def get_page_title(self):
        return _("Service-level target: %(target)s") % {"target": self.target}

    def get_breadcrumbs(self):
        return crumbs((_("Settings"), reverse("feedback_staff:settings")), (_("Service-level target"), ""))

    def perform(self, form):
        return config_services.target_update(actor=self.request.user, target=self.target,
                                             acknowledge_days=form.cleaned_data["acknowledge_days"],
                                             resolve_days=form.cleaned_data["resolve_days"])


class ActionListView(StaffRequiredMixin, TemplateView):
    permission_required = "feedback.view_improvementaction"
    template_name = "feedback/staff/actions.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.improvement_actions(), 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_title=_("Improvement actions from feedback"), page_obj=page,
                                        breadcrumbs=crumbs((_("Improvement actions"), "")), **kwargs)


class ActionFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "feedback.change_improvementaction"
    form_class = ActionForm
    success_url = reverse_lazy("feedback_staff:actions")
    cancel_url = reverse_lazy("feedback_staff:actions")
    success_message = gettext_lazy("Improvement action updated.")

    def dispatch(self, request, *args, **kwargs):
        self.action = get_object_or_404(ImprovementAction, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.action.status, "owner": self.action.owner, "due_date": self.action.due_date}

    def get_page_title(self):
        return _("Update improvement action")

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.action.description, **kwargs)

    def get_breadcrumbs(self):
        return crumbs((_("Improvement actions"), reverse("feedback_staff:actions")), (self.get_page_title(), ""))

    def perform(self, form):
        return root_causes.action_update(actor=self.request.user, action=self.action, **form.cleaned_data)
