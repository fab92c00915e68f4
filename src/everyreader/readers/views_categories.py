"""Staff pages where administrators configure the reader categories."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.readers import category_services
from everyreader.readers.category_forms import CategoryForm
from everyreader.readers.models import ReaderCategoryDefinition


def category_crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")),
            (_("Reader categories"), reverse("readers:category_list")), *extra]


class CategoryListView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_readercategorydefinition"
    template_name = "readers/staff/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Reader categories"), categories=list(ReaderCategoryDefinition.objects.all()),
            breadcrumbs=[(_("Staff workspace"), reverse("staff:home")), (_("Reader categories"), "")], **kwargs)


class CategoryCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "readers.add_readercategorydefinition"
    form_class = CategoryForm
    page_title = gettext_lazy("New reader category")
    success_message = gettext_lazy("Reader category saved.")
    submit_label = gettext_lazy("Save category")

    def perform(self, form):
        return category_services.category_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("readers:category_list")

    def get_cancel_url(self):
        return reverse("readers:category_list")

    def get_breadcrumbs(self):
        return category_crumbs((self.get_page_title(), ""))


class CategoryUpdateView(CategoryCreateView):
    permission_required = "readers.change_readercategorydefinition"

    def dispatch(self, request, *args, **kwargs):
        self.category = get_object_or_404(ReaderCategoryDefinition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return {key: getattr(self.category, key) for key in category_services.FIELDS}

    def get_page_title(self):
        return _("Edit reader category “%(name)s”") % {"name": self.category.label}

    def perform(self, form):
        return category_services.category_update(actor=self.request.user, category=self.category,
                                                 **form.cleaned_data)
