from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from everyreader.core.permissions import StaffRequiredMixin
from everyreader.core.views_base import ServiceFormView
from everyreader.programs import monthly, policies, selectors, services
from everyreader.programs.forms import ReportForm, ReportReviewForm
from everyreader.programs.models import MonthlyReport
from everyreader.programs.views.common import ProgrammeMixin, crumbs, load, require

OPEN = (MonthlyReport.Status.DUE, MonthlyReport.Status.RETURNED)


def _report(pk):
    return MonthlyReport.objects.select_related("task", "owner", "programme").get(pk=pk)


def parse_month(value: str | None) -> dt.date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return None


class ReportListView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_monthlyreport"
    template_name = "programs/report_list.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        periods = selectors.report_periods(programme)
        period = parse_month(self.request.GET.get("month")) or (periods[0] if periods else None)
        reports = list(selectors.report_list(programme, period=period)) if period else []
        for report in reports:
            report.missing = report.status in OPEN and report.due_date < self.today
            report.can_file = policies.can_file_report(self.request.user, report) and report.status in OPEN
        return super().get_context_data(
            programme=programme, periods=periods, period=period, reports=reports,
            missing=[r for r in reports if r.missing], today=self.today,
            page_title=_("Monthly progress reports"),
            breadcrumbs=crumbs(programme, (_("Monthly progress reports"), "")), **kwargs)


class ReportDetailView(StaffRequiredMixin, TemplateView):
    permission_required = "programs.view_monthlyreport"
    template_name = "programs/report_detail.html"

    def get_context_data(self, **kwargs):
        report = load(_report, self.kwargs["pk"])
        user = self.request.user
        return super().get_context_data(
            report=report, programme=report.programme,
            can_file=policies.can_file_report(user, report) and report.status in OPEN,
            can_review=policies.is_manager(user) and report.status == MonthlyReport.Status.SUBMITTED,
            page_title=_("Progress report %(task)s, %(month)s") % {"task": report.task.code,
                                                                    "month": report.period.strftime("%Y-%m")},
            breadcrumbs=crumbs(report.programme, (_("Monthly progress reports"),
                                                  reverse("programmes:reports", args=[report.programme_id])),
                               (f"{report.task.code} {report.period:%Y-%m}", "")), **kwargs)


class _ReportFormView(StaffRequiredMixin, ServiceFormView):
    permission_required = "programs.view_monthlyreport"

    def get_success_url(self):
        return reverse("programmes:report_detail", args=[self.report.pk])

    get_cancel_url = get_success_url

    def get_breadcrumbs(self):
        return crumbs(self.report.programme,
                      (_("Monthly progress reports"), reverse("programmes:reports", args=[self.report.programme_id])),
                      (f"{self.report.task.code} {self.report.period:%Y-%m}",
                       reverse("programmes:report_detail", args=[self.report.pk])), (self.get_page_title(), ""))


class ReportFillView(_ReportFormView):
    form_class = ReportForm
    success_message = gettext_lazy("Report submitted. Thank you.")
    submit_label = gettext_lazy("Submit the report")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = load(_report, kwargs["pk"])
            require(policies.can_file_report(request.user, self.report) and self.report.status in OPEN)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        lang = self.request.LANGUAGE_CODE.lower()
        return _("Monthly report for %(task)s, %(month)s") % {
            "task": f"{self.report.task.code} {self.report.task.localized('title', lang)}",
            "month": self.report.period.strftime("%Y-%m")}

    def get_context_data(self, **kwargs):
        intro = _("Due on %(date)s.") % {"date": self.report.due_date.isoformat()}
        if self.report.review_note:
            intro = _("%(due)s Reviewer’s note: %(note)s") % {"due": intro, "note": self.report.review_note}
        return super().get_context_data(intro=intro, **kwargs)

    def get_initial(self):
        r = self.report
        return {"percent_complete": r.percent_complete if r.percent_complete is not None else r.task.percent_complete,
                "progress": r.progress, "resources_used": r.resources_used, "amount_spent": r.amount_spent,
                "problems": r.problems, "solutions": r.solutions, "next_steps": r.next_steps}

    def perform(self, form):
        return services.report_submit(actor=self.request.user, report=self.report, **form.cleaned_data)


class ReportReviewView(_ReportFormView):
    permission_required = "programs.manage_programme"
    form_class = ReportReviewForm
    page_title = gettext_lazy("Review the report")
    success_message = gettext_lazy("Review saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = load(_report, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.report_review(actor=self.request.user, report=self.report,
                                      accept=form.cleaned_data["decision"] == "accept",
                                      note=form.cleaned_data["review_note"])


class MonthlyProgrammeReportView(ProgrammeMixin, TemplateView):
    permission_required = "programs.view_monthlyreport"
    template_name = "programs/monthly_report.html"

    def get_report(self):
        period = parse_month(self.kwargs["month"])
        programme = self.get_programme()
        if period is None or period < programme.start_date.replace(day=1) or period > programme.end_date:
            raise Http404
        return monthly.assemble(programme, period, self.today)

    def get_context_data(self, **kwargs):
        report = self.get_report()
        return super().get_context_data(
            report=report, programme=report.programme, page_title=report.title,
            breadcrumbs=crumbs(report.programme, (_("Monthly progress reports"),
                                                  reverse("programmes:reports", args=[report.programme.pk])),
                               (report.period.strftime("%Y-%m"), "")), **kwargs)


class MonthlyReportFileView(ProgrammeMixin, View):
    permission_required = "programs.view_monthlyreport"
    kind = "pdf"

    def get(self, request, *args, **kwargs):
        report = MonthlyProgrammeReportView.get_report(self)
        name = f"{report.programme.code}-{report.period:%Y-%m}"
        if self.kind == "pdf":
            response = HttpResponse(monthly.render_pdf(report), content_type="application/pdf")
        else:
            response = HttpResponse(
                monthly.render_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.kind}"'
        return response
