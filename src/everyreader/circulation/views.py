"""Staff pages of the policy matrix (administrators)."""

from django.contrib import messages
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from everyreader.circulation import selectors, services
from everyreader.circulation.forms import PolicyCheckForm, PolicyForm
from everyreader.circulation.policies import policy_for
from everyreader.circulation.models import CirculationPolicy
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.readers.models import ReaderCategory

ADMIN = "circulation.change_circulationpolicy"


def _crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")),
            (_("Circulation policies"), reverse("circulation:policy_list")), *extra]


class PolicyListView(StaffRequiredMixin, ListView):
    permission_required = ADMIN
    template_name = "circulation/policy_list.html"

    def get_queryset(self):
        return list(selectors.policy_matrix())

    def get_context_data(self, **kwargs):
        labels = {d.code: d.label for d in ReaderCategory.definitions()}
        for policy in self.object_list:
            policy.category_label = labels.get(policy.reader_category, policy.reader_category)
        check = PolicyCheckForm(self.request.GET if "category" in self.request.GET else None)
        applies = None
        if check.is_valid():
            applies = policy_for(reader_category=check.cleaned_data["category"], format=check.cleaned_data["format"],
                                 branch_id=check.cleaned_data["branch"].pk)
            row = next((i for i, p in enumerate(self.object_list, 1) if p.pk == applies.pk), None)
            if row:
                applies = self.object_list[row - 1]  # the same row, with its category label
            kwargs["applies_row"] = row
        kwargs.update(check_form=check, applies=applies)
        return super().get_context_data(page_title=_("Circulation policies"),
                                        breadcrumbs=[(_("Staff workspace"), reverse("staff:home")),
                                                     (_("Circulation policies"), "")], **kwargs)


class PolicyCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = ("circulation.add_circulationpolicy", ADMIN)
    form_class = PolicyForm
    page_title = gettext_lazy("Add a circulation policy")
    intro = gettext_lazy("The most specific rule applies: one naming the reader category wins over one "
                         "that does not, then one naming the format, then one naming the branch.")
    success_message = gettext_lazy("Policy saved.")
    policy = None

    def perform(self, form):
        return services.policy_save(actor=self.request.user, policy=self.policy, **form.cleaned_data)

    def get_success_url(self):
        return reverse("circulation:policy_list")

    def get_cancel_url(self):
        return reverse("circulation:policy_list")

    def get_breadcrumbs(self):
        return _crumbs((self.get_page_title(), ""))


class PolicyUpdateView(PolicyCreateView):
    permission_required = ADMIN
    page_title = gettext_lazy("Edit a circulation policy")

    def dispatch(self, request, *args, **kwargs):
        self.policy = get_object_or_404(CirculationPolicy, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return model_to_dict(self.policy, fields=list(PolicyForm.base_fields))


class PolicyDeleteView(StaffRequiredMixin, TemplateView):
    permission_required = "circulation.delete_circulationpolicy"
    template_name = "circulation/policy_delete.html"

    def dispatch(self, request, *args, **kwargs):
        self.policy = get_object_or_404(CirculationPolicy.objects.select_related("branch"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        title = _("Delete a circulation policy")
        return super().get_context_data(policy=self.policy, page_title=title,
                                        category_label=ReaderCategory.label(self.policy.reader_category),
                                        breadcrumbs=_crumbs((title, "")), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.policy_delete(actor=request.user, policy=self.policy)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Policy deleted."))
        return redirect("circulation:policy_list")
