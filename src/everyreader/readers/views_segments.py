"""Segments, the needs population report and the import page."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.charts import Chart, Series
from everyreader.core.errors import DomainError
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.templatetags.components import Column
from everyreader.core.views_base import ServiceFormView
from everyreader.readers import imports, segment_services, selectors
from everyreader.readers import segments as rules
from everyreader.readers.forms import ImportForm, NeedsReportForm
from everyreader.readers.models import Segment
from everyreader.readers.segment_forms import SegmentForm
from everyreader.readers.views_staff import crumbs


def seg_crumbs(*extra):
    return crumbs((_("Reader segments"), reverse("readers:segment_list")), *extra)


class SegmentListView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_segment"
    template_name = "readers/staff/segment_list.html"

    def get_context_data(self, **kwargs):
        segments = list(selectors.segment_list())
        rows = []
        for segment in segments:
            try:
                size = rules.suppress(selectors.segment_size(segment))
            except DomainError:
                size = _("Rule no longer valid")
            rows.append((segment, size))
        return super().get_context_data(page_title=_("Reader segments"), rows=rows,
                                        breadcrumbs=crumbs((_("Reader segments"), "")), **kwargs)


class SegmentDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_segment"
    template_name = "readers/staff/segment_detail.html"

    def get_context_data(self, **kwargs):
        segment = get_object_or_404(Segment, pk=self.kwargs["pk"], is_active=True)
        user = self.request.user
        try:
            size = rules.suppress(selectors.segment_size(segment))
            breakdowns = selectors.segment_breakdowns(
                segment, include_needs=user.has_perm("readers.view_needs_report"))
            error = ""
        except DomainError as exc:
            size, breakdowns, error = "—", [], exc.message
        for index, breakdown in enumerate(breakdowns):
            breakdown.table_id = f"breakdown-{index}"
        columns = [Column(_("Group")), Column(_("Readers"), numeric=True)]
        return super().get_context_data(
            page_title=segment.name, segment=segment, size=size, breakdowns=breakdowns, rule_error=error,
            breakdown_columns=columns,
            conditions=describe(segment.rules), may_export=segment_services.may_export(user, segment),
            sensitive=rules.uses_sensitive(segment.rules),
            breadcrumbs=seg_crumbs((segment.name, "")), **kwargs)


def describe(node, depth=0) -> list[str]:
    """Human-readable lines for a rule tree."""
    lines = []
    if "conditions" in node:
        joiner = _("all of") if node.get("match", "all") == "all" else _("any of")
        if depth:
            lines.append(f"{joiner}:")
        for child in node["conditions"]:
            lines += ["  " * depth + line for line in describe(child, depth + 1)]
        if not depth and len(node["conditions"]) > 1:
            lines.insert(0, _("Readers matching %(joiner)s:") % {"joiner": joiner})
        return lines
    if "not" in node:
        return [_("not:")] + ["  " + line for line in describe(node["not"], depth + 1)]
    try:
        f = rules.get_field(node.get("field", ""))
    except DomainError:
        return [str(node)]
    labels = dict(f.choices()) if f.choices else {}
    value = node.get("value")
    if isinstance(value, list):
        value = ", ".join(str(labels.get(v, v)) for v in value)
    elif isinstance(value, bool):
        value = _("yes") if value else _("no")
    ops = {"in": _("is one of"), "not_in": _("is none of"), "gte": "≥", "lte": "≤", "eq": "=", "is": ":",
           "has_any": _("has any of"), "has_all": _("has all of"), "has_none": _("has none of")}
    return [f"{f.label} {ops.get(node.get('op'), node.get('op'))} {value}"]


class SegmentCreateView(StaffRequiredMixin, ServiceFormView):
    permission_required = "readers.add_segment"
    form_class = SegmentForm
    template_name = "readers/staff/segment_form.html"
    page_title = gettext_lazy("New segment")
    success_message = gettext_lazy("Segment saved.")

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "show_sensitive": user.has_perm("readers.view_needs_report")
                or user.has_perm("readers.view_sensitive_needs")}

    def perform(self, form):
        return segment_services.segment_create(actor=self.request.user, name=form.cleaned_data["name"],
                                               description=form.cleaned_data["description"], rules=form.rules())

    def get_success_url(self):
        return reverse("readers:segment_detail", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("readers:segment_list")

    def get_breadcrumbs(self):
        return seg_crumbs((self.get_page_title(), ""))


class SegmentUpdateView(SegmentCreateView):
    permission_required = "readers.change_segment"

    def dispatch(self, request, *args, **kwargs):
        self.segment = get_object_or_404(Segment, pk=kwargs["pk"], is_active=True)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return SegmentForm.initial_from(self.segment)

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.segment.name}

    def perform(self, form):
        return segment_services.segment_update(actor=self.request.user, segment=self.segment,
                                               name=form.cleaned_data["name"],
                                               description=form.cleaned_data["description"], rules=form.rules())


class SegmentExportView(StaffRequiredMixin, View):
    permission_required = "readers.export_readers"

    def get(self, request, pk, fmt):
        segment = get_object_or_404(Segment, pk=pk, is_active=True)
        if fmt not in ("csv", "xlsx"):
            raise Http404
        content, content_type = segment_services.segment_export(actor=request.user, segment=segment, fmt=fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="segment-{segment.pk}.{fmt}"'
        return response


class NeedsReportView(StaffRequiredMixin, TemplateView):
    permission_required = "readers.view_needs_report"
    template_name = "readers/staff/needs_report.html"

    def get_context_data(self, **kwargs):
        form = NeedsReportForm(self.request.GET or None)
        need_type = form.cleaned_data.get("need_type", "") if form.is_valid() else ""
        data = selectors.needs_population(months=24, need_type=need_type)
        labels = [m.strftime("%Y-%m") for m in data["months"]]
        title = _("Needs recorded, changed and ended per month")
        if need_type:
            title = _("%(need)s: recorded, changed and ended per month") % {
                "need": dict(form.fields["need_type"].choices)[need_type]}
        chart = Chart(title=title, x_labels=labels, kind="bar",
                      x_title=_("Month"), y_title=_("Needs"),
                      series=[Series(_("New"), [data["per_month"][m]["new"] for m in data["months"]]),
                              Series(_("Changed"), [data["per_month"][m]["changed"] for m in data["months"]]),
                              Series(_("Ended"), [data["per_month"][m]["ended"] for m in data["months"]])])
        per_type = [(label, v["new"], v["changed"], v["ended"]) for label, v in data["per_type"]]
        return super().get_context_data(
            page_title=_("Needs over time"), chart=chart, filter_form=form, per_type=per_type, current=data["current"],
            breadcrumbs=crumbs((_("Needs over time"), "")), **kwargs)


class ImportView(StaffRequiredMixin, ServiceFormView):
    permission_required = "readers.import_readers"
    form_class = ImportForm
    template_name = "readers/staff/import.html"
    page_title = gettext_lazy("Import readers")
    submit_label = gettext_lazy("Import")

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return imports.readers_import(actor=self.request.user, content=upload.read(), filename=upload.name)

    def form_valid(self, form):
        try:
            report = self.perform(form)
        except DomainError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report))

    def get_breadcrumbs(self):
        return crumbs((self.page_title, ""))
