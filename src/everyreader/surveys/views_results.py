"""Staff workspace: results, wave comparison, reports (HTML and PDF), exports, needs report."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from everyreader.core import audit
from everyreader.core.charts import Chart, Series
from everyreader.core.exports import download
from everyreader.core.permissions import StaffRequiredMixin
from everyreader.surveys import exports, needs_report, results, thermometer
from everyreader.surveys.models import Survey, SurveyRun
from everyreader.surveys.views_builder import survey_crumbs


def _r(value):
    return None if value is None else round(value, 2)


def gap_charts(gaps, two_scale: bool) -> dict:
    """Radar and bar charts of the dimensions; thermometer (zone of tolerance + perceived)."""
    scale_names = [(_("Importance") if two_scale else _("Desired"), "desired"), (_("Perceived"), "perceived")]
    if not two_scale:
        scale_names.insert(0, (_("Minimum"), "minimum"))
    items = [i for i in gaps["items"] if i.n]
    dims = [d for d in gaps["dimensions"] if d.n]
    radar = Chart(title=_("Service quality by dimension: mean of each scale (1–9)"), kind="radar",
                  x_labels=[d.label for d in dims], x_title=_("Dimension"),
                  series=[Series(name, [_r(getattr(d, attr)) for d in dims]) for name, attr in scale_names])
    gap_bar = Chart(title=_("Gaps by dimension"), kind="bar", x_labels=[d.label for d in dims], x_title=_("Dimension"),
                    series=([] if two_scale else [Series(_("Adequacy gap"), [_r(d.adequacy) for d in dims])])
                    + [Series(_("Superiority gap"), [_r(d.superiority) for d in dims])])
    return {"radar": radar if dims else None, "gap_bar": gap_bar if dims else None,
            "thermometer": thermometer.render(dims + items) if dims else ""}


def results_context(runs, user) -> dict:
    data = results.run_results(runs, user)
    if data["gaps"]["items"]:
        data["charts"] = gap_charts(data["gaps"], data["two_scale"])
    for result in data["questions"]:
        if result.counts:
            result.chart_id = f"dist-{result.question.pk}"
            result.chart = Chart(
                title=_("Answers to “%(question)s”") % {"question": result.question.text_plain}, kind="hbar",
                x_labels=[c[0] for c in result.counts], x_title=_("Answer"),
                series=[Series(_("Count"), [c[1] for c in result.counts]),
                        Series(_("Percent"), [round(c[2], 1) for c in result.counts])])
    return data


class RunResultsView(StaffRequiredMixin, TemplateView):
    permission_required = "surveys.view_results"
    template_name = "surveys/results.html"

    def get_context_data(self, pk, **kwargs):
        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        context = results_context([run], self.request.user)
        return super().get_context_data(
            page_title=_("Results: %(name)s") % {"name": run.name}, run=run, **context,
            breadcrumbs=survey_crumbs(run.survey, (run.name, reverse("surveys_staff:run", args=[run.pk])),
                                      (_("Results"), "")), **kwargs)


class WaveComparisonView(StaffRequiredMixin, TemplateView):
    permission_required = "surveys.view_results"
    template_name = "surveys/waves.html"

    def get_context_data(self, pk, **kwargs):
        from everyreader.surveys.comparison import ALPHA, MIN_N

        survey = get_object_or_404(Survey, pk=pk)
        return super().get_context_data(
            page_title=_("Compare waves: %(title)s") % {"title": survey.title_text}, survey=survey,
            comparison=results.wave_comparison(survey.family), min_n=MIN_N, alpha=ALPHA,
            breadcrumbs=survey_crumbs(survey, (_("Compare waves"), "")), **kwargs)


class RunReportView(StaffRequiredMixin, View):
    """A self-contained report page (HTML), or the same as a PDF."""

    permission_required = "surveys.view_results"

    def get(self, request, pk, fmt="html"):
        from django.utils import timezone

        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        context = {**results_context([run], request.user), "run": run, "generated": timezone.now(),
                   "page_title": _("Survey report: %(name)s") % {"name": run.name},
                   "comparison": results.wave_comparison(run.survey.family), "pdf": fmt == "pdf"}
        if fmt != "pdf":
            from django.shortcuts import render

            return render(request, "surveys/report.html", {**context, "breadcrumbs": survey_crumbs(
                run.survey, (run.name, reverse("surveys_staff:run", args=[run.pk])), (_("Report"), ""))})
        from weasyprint import HTML

        html = render_to_string("surveys/report_pdf.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        audit.record(actor=request.user, action="survey_report.downloaded", obj=run, details={"format": "pdf"})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="survey-report-{run.pk}.pdf"'
        return response


class ExportView(StaffRequiredMixin, View):
    permission_required = "surveys.export_responses"

    def get(self, request, pk, fmt):
        run = get_object_or_404(SurveyRun.objects.select_related("survey"), pk=pk)
        audit.record(actor=request.user, action="survey_responses.exported", obj=run, details={"format": fmt})
        fmt = "xlsx" if fmt == "xlsx" else "csv"
        content = exports.to_xlsx([run]) if fmt == "xlsx" else exports.to_csv([run])
        return download(content, f"survey-responses-{run.pk}", fmt)


class NeedsReportView(StaffRequiredMixin, View):
    permission_required = "surveys.view_results"

    def get(self, request, fmt="html"):
        from django.shortcuts import render
        from django.utils import timezone

        context = {"report": needs_report.build(request.user), "page_title": _("Needs research report"),
                   "generated": timezone.now(), "pdf": fmt == "pdf"}
        if fmt != "pdf":
            return render(request, "surveys/needs_report.html", {**context, "breadcrumbs": [
                (_("Staff workspace"), reverse("staff:home")), (_("Needs research report"), "")]})
        from weasyprint import HTML

        html = render_to_string("surveys/needs_report_pdf.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        audit.record(actor=request.user, action="needs_report.downloaded", object_type="surveys.needs_report")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="needs-research-report.pdf"'
        return response
