"""The analysis page (charts, each with its table) and its CSV / XLSX export."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core import audit, exports
from everyreader.core.charts import Chart, Series
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.feedback import analysis
from everyreader.feedback.staff_forms import PeriodForm
from everyreader.feedback.views_staff import crumbs

PERM = "feedback.view_feedback_analysis"


def period(request):
    today = timezone.localdate()
    default = {"start": (today.replace(day=1) - timedelta(days=335)).replace(day=1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


def tables(start, end) -> list[tuple[str, str, list[str], list[list]]]:
    """Every table of the analysis: (id, title, column labels, rows). Used by the page and the export."""
    items = analysis.period_items(start, end)
    ind = analysis.indicators(items)
    none = "—"

    def fmt(value, suffix=""):
        return none if value is None else f"{value:g}{suffix}"

    result = [("indicators", _("Indicators"), [_("Indicator"), _("Value")], [
        [_("Feedback received"), ind.received],
        [_("Responded"), ind.responded],
        [_("Responded within the service-level target"), fmt(ind.within_target_pct, "%")],
        [_("Median days to respond"), fmt(ind.median_days_to_respond)],
        [_("Median days to close"), fmt(ind.median_days_to_close)],
        [_("Reopen rate"), fmt(ind.reopen_rate_pct, "%")],
        [_("Resolution satisfaction (mean of 1–5)"), fmt(ind.satisfaction_mean)],
        [_("Readers satisfied (rated 4 or 5)"), fmt(ind.satisfied_pct, "%")],
        [_("Resolutions rated"), ind.rated],
    ])]
    result.append(("month", _("Feedback by month"), [_("Month"), _("Items")],
                   [list(r) for r in analysis.by_month(items)]))
    for breakdown in analysis.breakdowns(items):
        result.append((breakdown.key, breakdown.title, ["", _("Items")], [list(r) for r in breakdown.rows]))
    result.append(("pareto", _("Causes of complaints (Pareto)"),
                   [_("Cause"), _("Complaints"), _("Share %"), _("Cumulative %")],
                   [list(r) for r in analysis.pareto(items)]))
    return result


def _chart(key, title, rows, label):
    numeric = [r for r in rows if isinstance(r[1], int)]
    if not numeric:
        return None
    kind = "line" if key == "month" else "hbar" if len(numeric) > 6 else "bar"
    return Chart(title=title, kind=kind, x_labels=[str(r[0]) for r in numeric],
                 series=[Series(label, [r[1] for r in numeric])], x_title="", y_title=label)


class AnalysisView(StaffRequiredMixin, TemplateView):
    permission_required = PERM
    template_name = "feedback/staff/analysis.html"

    def get_context_data(self, **kwargs):
        form, start, end = period(self.request)
        sections = []
        for key, title, columns, rows in tables(start, end):
            chart = None if key == "indicators" else _chart(
                key, title, rows, _("Complaints") if key == "pareto" else _("Items"))
            suppressed = any(isinstance(r[1], str) for r in rows)
            sections.append({"key": key, "title": title, "columns": columns, "rows": rows, "chart": chart,
                             "suppressed": suppressed})
        query = f"start={start.isoformat()}&end={end.isoformat()}"
        return super().get_context_data(page_title=_("Feedback analysis"), form=form, sections=sections,
                                        start=start, end=end, query=query,
                                        breadcrumbs=crumbs((_("Analysis"), "")), **kwargs)


class ExportView(StaffRequiredMixin, View):
    permission_required = PERM

    def get(self, request, fmt):
        _form, start, end = period(request)
        data = tables(start, end)
        audit.record(actor=request.user, action="feedback.analysis_exported",
                     details={"format": fmt, "start": start.isoformat(), "end": end.isoformat()})
        name = f"feedback-{start.isoformat()}-{end.isoformat()}"
        if fmt == "xlsx":
            content = exports.xlsx_bytes(exports.Sheet(key, [title], [list(columns), *rows])
                                         for key, title, columns, rows in data)
        else:
            content = exports.csv_bytes([_("Table"), _("Label"), _("Value"), "", ""],
                                        ([title, *row] for _key, title, _columns, rows in data for row in rows))
        return exports.download(content, name, "xlsx" if fmt == "xlsx" else "csv")
