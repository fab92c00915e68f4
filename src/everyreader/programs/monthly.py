"""Assemble the monthly programme report (HTML page, PDF and XLSX from the same data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from everyreader.core import exports
from everyreader.programs import schedule, selectors
from everyreader.programs.models import ActionItem, Meeting, MonthlyReport, Programme
from everyreader.programs.services.risks import score_level


def _t(obj, name):
    return obj.localized(name)


@dataclass
class MonthlyProgrammeReport:
    programme: Programme
    period: dt.date
    as_of: dt.date
    tasks: list = field(default_factory=list)
    budget: list = field(default_factory=list)
    budget_totals: dict = field(default_factory=dict)
    risks: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    done: int = 0
    total: int = 0
    late: int = 0

    @property
    def title(self) -> str:
        return _("Monthly programme report %(month)s") % {"month": self.period.strftime("%Y-%m")}


def assemble(programme: Programme, period: dt.date, today: dt.date) -> MonthlyProgrammeReport:
    period = period.replace(day=1)
    month_end = schedule.next_month(period) - dt.timedelta(days=1)
    as_of = min(month_end, today)
    report = MonthlyProgrammeReport(programme=programme, period=period, as_of=as_of)
    for task in selectors.ordered_tree(programme):
        late = schedule.is_late(task, as_of)
        row = {"code": task.code, "title": _t(task, "title"), "is_key": task.parent_id is None,
               "department": task.department.name if task.department else _t(task, "group"),
               "owner": str(task.owner or "—"), "weeks": f"{task.start_week}–{task.end_week}",
               "planned_end": task.planned_end, "status": task.get_status_display(),
               "percent": task.percent_complete, "expected": schedule.expected_percent(task, as_of),
               "variance": schedule.variance_weeks(task, as_of), "late": late}
        report.tasks.append(row)
        if task.parent_id:
            report.total += 1
            report.done += task.status == task.Status.DONE
            report.late += late
    report.budget = [{"code": row["task__code"], "planned": row["planned"], "spent": row["spent"],
                      "remaining": row["planned"] - row["spent"]} for row in selectors.budget_by_task(programme)]
    report.budget_totals = selectors.budget_totals(programme)
    for risk in selectors.risk_list(programme):
        report.risks.append({"code": risk.code, "factor": _t(risk, "factor"), "likelihood": risk.likelihood,
                             "impact": risk.impact_score, "score": risk.score, "level": score_level(risk.score),
                             "status": risk.get_status_display(), "next_review": risk.next_review,
                             "tasks": ", ".join(t.code for t in risk.tasks.all())})
    meetings = Meeting.objects.filter(programme=programme, date__gte=period, date__lte=month_end).order_by("date")
    report.meetings = [{"date": m.date, "title": _t(m, "title"), "status": m.get_status_display()} for m in meetings]
    actions = (ActionItem.objects.filter(meeting__programme=programme, meeting__date__lte=month_end)
               .filter(status=ActionItem.Status.OPEN) | ActionItem.objects.filter(
                   meeting__programme=programme, completed_on__gte=period, completed_on__lte=month_end))
    for action in actions.select_related("assignee", "meeting").order_by("due_date", "id").distinct():
        report.actions.append({"title": action.title, "assignee": str(action.assignee), "due": action.due_date,
                               "status": action.get_status_display(),
                               "overdue": action.status == ActionItem.Status.OPEN and action.due_date < as_of})
    for filed in selectors.report_list(programme, period=period):
        entry = {"code": filed.task.code, "title": _t(filed.task, "title"), "owner": str(filed.owner),
                 "status": filed.get_status_display(), "percent": filed.percent_complete,
                 "progress": filed.progress, "resources": filed.resources_used, "problems": filed.problems,
                 "solutions": filed.solutions, "next_steps": filed.next_steps, "due": filed.due_date}
        if filed.status in (MonthlyReport.Status.DUE, MonthlyReport.Status.RETURNED):
            report.missing.append(entry)
        else:
            report.reports.append(entry)
    for goal in selectors.goals_with_targets(programme):
        for target in goal.targets.all():
            report.targets.append({"goal": f"{goal.code}. {_t(goal, 'title')}", "indicator": _t(target, "indicator"),
                                   "unit": _t(target, "unit"), "baseline": target.baseline,
                                   "target": target.target_value, "current": target.current_value,
                                   "progress": target.progress_percent, "date": target.target_date})
    return report


def render_pdf(report: MonthlyProgrammeReport) -> bytes:
    from weasyprint import HTML

    html = render_to_string("programs/monthly_report_print.html", {"report": report, "lang": get_language()})
    return HTML(string=html).write_pdf()


def render_xlsx(report: MonthlyProgrammeReport) -> bytes:
    sheets = [
        (_("Tasks"), [_("Code"), _("Task"), _("Department"), _("Owner"), _("Weeks"), _("Status"),
                      _("% complete"), _("% expected"), _("Schedule variance (weeks)"), _("Late")],
         [[r["code"], r["title"], r["department"], r["owner"], r["weeks"], r["status"], r["percent"],
           r["expected"], r["variance"], _("Yes") if r["late"] else ""] for r in report.tasks]),
        (_("Budget"), [_("Task"), _("Planned (yuan)"), _("Spent (yuan)"), _("Remaining (yuan)")],
         [[r["code"], float(r["planned"]), float(r["spent"]), float(r["remaining"])] for r in report.budget]),
        (_("Risks"), [_("Code"), _("Risk factor"), _("Likelihood"), _("Impact"), _("Score"), _("Status"),
                      _("Next review"), _("Tasks threatened")],
         [[r["code"], r["factor"], r["likelihood"], r["impact"], r["score"], r["status"], r["next_review"],
           r["tasks"]] for r in report.risks]),
        (_("Actions"), [_("Action"), _("Assigned to"), _("Due"), _("Status")],
         [[r["title"], r["assignee"], r["due"], r["status"]] for r in report.actions]),
        (_("Reports"), [_("Code"), _("Task"), _("Owner"), _("Status"), _("Progress"), _("Problems"),
                        _("Solutions"), _("Next steps")],
         [[r["code"], r["title"], r["owner"], r["status"], r["progress"], r["problems"], r["solutions"],
           r["next_steps"]] for r in report.reports + report.missing]),
        (_("Targets"), [_("Goal"), _("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Current value")],
         [[r["goal"], r["indicator"], r["unit"], _num(r["baseline"]), _num(r["target"]), _num(r["current"])]
          for r in report.targets]),
    ]
    return exports.xlsx_bytes(exports.Sheet(title, header, rows) for title, header, rows in sheets)


def _num(value):
    return float(value) if value is not None else None
