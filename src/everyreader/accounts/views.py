from django.forms.utils import ErrorDict
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from everyreader.accounts import selectors, services
from everyreader.accounts.forms import (BranchForm, DepartmentForm, SignInForm, StaffFilterForm,
                                        StaffForm)
from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import role_label
from everyreader.core.middleware import activate_user_language
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    form = SignInForm(request, data={"username": request.POST.get("username", "")})
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, _("Too many failed sign-in attempts. For your security, sign-in for this "
                           "account is paused for 15 minutes. Staff at any service desk can help."))
    return render(request, "registration/login.html", {"form": form, "page_title": _("Sign in")},
                  status=429)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": gettext_lazy("Sign in")}

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            activate_user_language(self.request, response, language)
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# --- staff workspace: organisation -----------------------------------------------------------

def _org_crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")), *extra]


class StaffListView(StaffRequiredMixin, ListView):
    permission_required = "accounts.view_user"
    template_name = "accounts/staff_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = StaffFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.staff_list(query=data.get("q", ""), role=data.get("role", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for person in context["object_list"]:
            person.role_labels = [role_label(group.name) for group in person.groups.all()]
        context.update(
            filter_form=self.filter_form,
            page_title=_("Staff and roles"),
            breadcrumbs=_org_crumbs((_("Staff and roles"), "")),
        )
        return context


class StaffCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "accounts.add_user"
    form_class = StaffForm
    page_title = gettext_lazy("Add a staff member")
    success_message = gettext_lazy("Staff member added.")

    def perform(self, form):
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        password = data.pop("password", None)
        return services.staff_create(actor=self.request.user, password=password, roles=roles, **data)

    def get_success_url(self):
        return reverse("organisation:staff_list")

    def get_cancel_url(self):
        return reverse("organisation:staff_list")

    def get_breadcrumbs(self):
        return _org_crumbs((_("Staff and roles"), reverse("organisation:staff_list")), (self.page_title, ""))


class StaffUpdateView(StaffCreateView):
    permission_required = "accounts.change_user"
    success_message = gettext_lazy("Changes saved.")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(User, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "editing": True}

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def get_breadcrumbs(self):
        return _org_crumbs((_("Staff and roles"), reverse("organisation:staff_list")), (self.get_page_title(), ""))

    def perform(self, form):
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        # The form edits the instance in place; pass the cleaned values to the service.
        self.object.refresh_from_db()
        return services.staff_update(actor=self.request.user, user=self.object, roles=roles, **data)


class DepartmentListView(StaffRequiredMixin, ListView):
    permission_required = "accounts.view_department"
    template_name = "accounts/department_list.html"

    def get_queryset(self):
        return selectors.department_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Departments"), breadcrumbs=_org_crumbs((_("Departments"), "")), **kwargs
        )


class DepartmentDetailView(StaffRequiredMixin, DetailView):
    permission_required = "accounts.view_department"
    template_name = "accounts/department_detail.html"
    context_object_name = "department"

    def get_object(self, queryset=None):
        try:
            return selectors.department_detail(self.kwargs["pk"])
        except Department.DoesNotExist:
            from django.http import Http404

            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=str(self.object),
            breadcrumbs=_org_crumbs((_("Departments"), reverse("organisation:department_list")),
                                    (str(self.object), "")),
            **kwargs,
        )


class DepartmentCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "accounts.add_department"
    form_class = DepartmentForm
    page_title = gettext_lazy("Add a department")
    success_message = gettext_lazy("Department saved.")

    def perform(self, form):
        data = dict(form.cleaned_data)
        members = data.pop("members")
        return services.department_create(actor=self.request.user, members=members, **data)

    def get_success_url(self):
        return reverse("organisation:department_detail", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("organisation:department_list")

    def get_breadcrumbs(self):
        return _org_crumbs((_("Departments"), reverse("organisation:department_list")), (self.get_page_title(), ""))


class DepartmentUpdateView(DepartmentCreateView):
    permission_required = "accounts.change_department"

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Department, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def perform(self, form):
        data = dict(form.cleaned_data)
        members = data.pop("members")
        self.object.refresh_from_db()
        return services.department_update(actor=self.request.user, department=self.object,
                                          members=members, **data)


class BranchListView(StaffRequiredMixin, ListView):
    permission_required = "accounts.view_branch"
    template_name = "accounts/branch_list.html"

    def get_queryset(self):
        return selectors.branch_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Branches"), breadcrumbs=_org_crumbs((_("Branches"), "")), **kwargs
        )


class BranchCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "accounts.add_branch"
    form_class = BranchForm
    page_title = gettext_lazy("Add a branch")
    success_message = gettext_lazy("Branch saved.")
    success_url = reverse_lazy("organisation:branch_list")
    cancel_url = reverse_lazy("organisation:branch_list")

    def perform(self, form):
        return services.branch_create(actor=self.request.user, **form.cleaned_data)

    def get_breadcrumbs(self):
        return _org_crumbs((_("Branches"), reverse("organisation:branch_list")), (self.get_page_title(), ""))


class BranchUpdateView(BranchCreateView):
    permission_required = "accounts.change_branch"

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Branch, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def perform(self, form):
        self.object.refresh_from_db()
        return services.branch_update(actor=self.request.user, branch=self.object, **form.cleaned_data)
