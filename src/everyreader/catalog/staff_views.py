"""Staff cataloguing: records, items, batch edits, MARC export and imports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from everyreader.catalog import selectors, services
from everyreader.catalog.forms import (BatchEditForm, ImportUploadForm, ItemForm, RecordForm,
                                       StaffFilterForm)
from everyreader.catalog.marc.writing import build_marc
from everyreader.catalog.models import ImportJob, Item, Record
from everyreader.catalog.vocab import ACCESSIBILITY_FEATURES, format_label, label
from everyreader.core import audit
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView


def _crumbs(*extra):
    return [(_("Staff workspace"), reverse("staff:home")),
            (_("Catalogue records"), reverse("catalogue:record_list")), *extra]


class RecordListView(StaffRequiredMixin, ListView):
    permission_required = "catalog.view_record"
    template_name = "catalog/staff/record_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = StaffFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.staff_record_list(query=data.get("q", ""), format=data.get("format", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for record in context["object_list"]:
            record.format_label = format_label(record.format)
        context.update(filter_form=self.filter_form, page_title=_("Catalogue records"),
                       breadcrumbs=_crumbs()[:1] + [(_("Catalogue records"), "")])
        return context


class StaffRecordDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "catalog.view_record"
    template_name = "catalog/staff/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            record = selectors.record_detail(self.kwargs["pk"])
        except Record.DoesNotExist:
            raise Http404 from None
        context.update(record=record, format_label=format_label(record.format),
                       features=[label(ACCESSIBILITY_FEATURES, f) for f in record.accessibility_features],
                       marc=str(build_marc(record)), page_title=record.title,
                       breadcrumbs=_crumbs((record.title, "")))
        return context


class RecordFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "catalog.add_record"
    form_class = RecordForm
    template_name = "catalog/staff/record_form.html"
    page_title = gettext_lazy("New record")
    success_message = gettext_lazy("Record saved.")
    record = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "record": self.record}

    def perform(self, form):
        return services.record_create(actor=self.request.user, **form.service_data())

    def get_success_url(self):
        return reverse("catalogue:record_detail", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("catalogue:record_list")

    def get_breadcrumbs(self):
        return _crumbs((self.get_page_title(), ""))


class RecordEditView(RecordFormView):
    permission_required = "catalog.change_record"

    def dispatch(self, request, *args, **kwargs):
        self.record = get_object_or_404(Record, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit %(title)s") % {"title": self.record.title}

    def perform(self, form):
        return services.record_update(actor=self.request.user, record=self.record, **form.service_data())

    def get_cancel_url(self):
        return reverse("catalogue:record_detail", args=[self.record.pk])


class ItemCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "catalog.add_item"
    form_class = ItemForm
    success_message = gettext_lazy("Item saved.")

    def dispatch(self, request, *args, **kwargs):
        self.record = get_object_or_404(Record.objects.only("id", "title", "format"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"format": self.record.format}

    def get_page_title(self):
        return _("Add an item to %(title)s") % {"title": self.record.title}

    def perform(self, form):
        return services.item_create(actor=self.request.user, record=self.record, **form.cleaned_data)

    def get_success_url(self):
        return reverse("catalogue:record_detail", args=[self.record.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return _crumbs((self.record.title, reverse("catalogue:record_detail", args=[self.record.pk])),
                       (self.get_page_title(), ""))


class ItemEditView(ItemCreateView):
    permission_required = "catalog.change_item"

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(Item.objects.select_related("record"), pk=kwargs["pk"])
        self.record = self.item.record
        return super(ItemCreateView, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def get_page_title(self):
        return _("Edit item %(barcode)s") % {"barcode": self.item.barcode}

    def perform(self, form):
        data = dict(form.cleaned_data)
        self.item.refresh_from_db()
        return services.item_update(actor=self.request.user, item=self.item, **data)


def _selected_ids(request) -> list[int]:
    return [int(v) for v in request.GET.getlist("records") + request.POST.getlist("records") if v.isdigit()]


class BatchEditView(StaffRequiredMixin, ServiceFormView):
    permission_required = "catalog.change_record"
    form_class = BatchEditForm
    template_name = "catalog/staff/batch_form.html"
    page_title = gettext_lazy("Edit the selected records")
    submit_label = gettext_lazy("Apply to the selected records")

    def dispatch(self, request, *args, **kwargs):
        self.record_ids = sorted(set(_selected_ids(request)))[:1000]
        if not self.record_ids and request.user.is_authenticated and request.user.is_staff_member:
            messages.error(request, _("Select at least one record."))
            return redirect("catalogue:record_list")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["record_ids"] = self.record_ids
        kwargs.setdefault("initial", {})["records"] = self.record_ids
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selected"] = list(Record.objects.filter(pk__in=self.record_ids).only("id", "title", "format"))
        return context

    def perform(self, form):
        return services.records_batch_update(actor=self.request.user, **form.service_data())

    def get_success_message(self):
        return _("%(count)s records updated.") % {"count": self.result}

    def get_success_url(self):
        return reverse("catalogue:record_list")

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return _crumbs((self.page_title, ""))


class ExportView(StaffRequiredMixin, View):
    """Downloads the selected (or all) records as MARC 21 (ISO 2709) or MARCXML."""

    permission_required = "catalog.view_record"

    def get(self, request):
        from pymarc import record_to_xml

        kind = "xml" if request.GET.get("kind") == "xml" else "marc"
        ids = None if request.GET.get("all") == "1" else _selected_ids(request)
        if ids is not None and not ids:
            messages.error(request, _("Select at least one record, or export all records."))
            return redirect("catalogue:record_list")
        audit.record(actor=request.user, action="catalog.records_exported", object_type="catalog.record",
                     object_repr=_("all records") if ids is None else _("%(count)s records") % {"count": len(ids)},
                     details={"kind": kind, "records": ids})
        records = selectors.records_for_export(ids)

        def marc_chunks():
            for obj in records:
                yield build_marc(obj).as_marc()

        def xml_chunks():
            yield b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
            for obj in records:
                yield record_to_xml(build_marc(obj)) + b"\n"
            yield b"</collection>\n"

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if kind == "xml":
            response = StreamingHttpResponse(xml_chunks(), content_type="application/marcxml+xml")
            name = f"everyreader-{stamp}.xml"
        else:
            response = StreamingHttpResponse(marc_chunks(), content_type="application/marc")
            name = f"everyreader-{stamp}.mrc"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportListView(StaffRequiredMixin, ServiceFormView):
    permission_required = "catalog.view_importjob"
    form_class = ImportUploadForm
    template_name = "catalog/staff/import_list.html"
    page_title = gettext_lazy("MARC imports")
    submit_label = gettext_lazy("Upload and import")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("catalog.add_importjob"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.import_job_create(actor=self.request.user, uploaded_file=form.cleaned_data["file"])

    def get_success_url(self):
        return reverse("catalogue:import_detail", args=[self.result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = selectors.import_jobs()[:50]
        context["can_upload"] = self.request.user.has_perm("catalog.add_importjob")
        return context

    def get_breadcrumbs(self):
        return [(_("Staff workspace"), reverse("staff:home")), (self.page_title, "")]


class ImportDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "catalog.view_importjob"
    template_name = "catalog/staff/import_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            job = selectors.import_job_detail(self.kwargs["pk"])
        except ImportJob.DoesNotExist:
            raise Http404 from None
        context.update(job=job, problems=job.problems.all()[:500],
                       can_resume=(self.request.user.has_perm("catalog.add_importjob")
                                   and (job.status == ImportJob.Status.FAILED or job.is_stalled)),
                       page_title=_("Import of %(name)s") % {"name": job.filename},
                       breadcrumbs=[(_("Staff workspace"), reverse("staff:home")),
                                    (_("MARC imports"), reverse("catalogue:import_list")), (job.filename, "")])
        return context


class ImportResumeView(StaffRequiredMixin, View):
    permission_required = "catalog.add_importjob"

    def post(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk)
        from everyreader.core.errors import DomainError

        try:
            services.import_job_resume(actor=request.user, job=job)
            messages.success(request, _("The import will continue where it stopped."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("catalogue:import_detail", pk=pk)
