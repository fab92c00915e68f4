"""Demo: the seed plan imported and 20 weeks into execution. Deterministic and idempotent: the
programme is created once, with its start date 20 weeks before the day the demo is seeded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from everyreader.programs import schedule
from everyreader.programs.models import (
    ActionItem,
    BudgetLine,
    Communication,
    CommunicationLog,
    Decision,
    Meeting,
    MonthlyReport,
    Programme,
    RiskReview,
    StaffAllocation,
)
from everyreader.programs.services import import_plan, meetings_schedule, reports_open_for_month
from everyreader.programs.services.tasks import rollup_parent

CODE = "special-populations-56w"
WEEKS_IN = 20

# code: (status, percent, weeks late at finish or None, blocked reason)
PROGRESS = {
    "a.1": ("done", 100, 0, ""),
    "a.2": ("done", 100, 1, ""),
    "b.1": ("done", 100, 0, ""),
    "b.2": ("done", 100, 2, ""),
    "c.1": ("done", 100, 0, ""),
    "c.2": ("blocked", 60, None, "坡道和无障碍卫生间改造等待消防验收意见，施工队暂停进场。"),
    "d.1": ("done", 100, 0, ""),
    "d.2": ("in_progress", 10, None, ""),
    "e.1": ("in_progress", 10, None, ""),
}
BUDGET = {
    "a.1": [("调研问卷印制与访谈礼品", 6000, 5400)],
    "a.2": [("统计分析软件授权", 8000, 8000)],
    "b.1": [("大字本、盲文书和有声书采购", 120000, 112500)],
    "b.2": [("无障碍数字资源库年度订阅", 80000, 80000), ("读屏软件适配技术服务", 15000, 9000)],
    "c.1": [("无障碍设施评估专家费", 5000, 4800)],
    "c.2": [("坡道、扶手和无障碍卫生间改造", 150000, 62000), ("导盲标识与助听环路", 30000, 0)],
    "d.1": [("培训课程设计与讲师费", 10000, 9500)],
    "d.2": [("培训场地与材料", 12000, 1200)],
    "e.1": [("活动策划与宣传材料", 20000, 1500)],
    "e.2": [("活动经费", 40000, 0)],
    "f.2": [("合作项目预算", 30000, 0)],
}
ALLOCATIONS = {  # code: [(username, percent)]
    "c.2": [("wangqiang", 60)],
    "d.2": [("fengxue", 60), ("liuyang", 20)],
    "e.1": [("fengxue", 50), ("liuyang", 30)],
    "b.2": [("zhengli", 40)],
}
TARGETS = {  # indicator order within goals a..e: (baseline, target, current)
    ("a", 0): (Decimal("3.6"), Decimal("4.3"), Decimal("3.9")),
    ("b", 0): (Decimal(850), Decimal(1500), Decimal(1320)),
    ("b", 1): (Decimal(4200), Decimal(6000), Decimal(4900)),
    ("c", 0): (Decimal(15), Decimal(90), Decimal(35)),
    ("d", 0): (Decimal(55), Decimal(95), Decimal(72)),
    ("e", 0): (Decimal(2), Decimal(8), Decimal(3)),
    ("e", 1): (Decimal(78), Decimal(98), Decimal(91)),
}
REPORT_TEXT = {
    "a.1": ("完成 412 份问卷（视障 96、听障 58、老年 203、其他 55）和 18 场访谈。", "问卷印制与礼品约 5400 元；调研组 3 人。",
            "部分老年读者不便填写纸质问卷。", "由志愿者上门协助填写并改为口述记录。", "整理数据，交数据分析组。"),
    "a.2": ("完成调研报告初稿，归纳 6 类阅读特点。", "统计软件一套；分析人员 2 人。",
            "听障读者样本偏少。", "补充 2 场手语访谈。", "定稿并在协调会上通报。"),
    "b.1": ("已采购大字本 620 册、盲文书 140 册、有声书 260 种。", "采购经费 112500 元。",
            "盲文书供应商到货慢。", "增加第二家供应商。", "完成编目上架。"),
    "b.2": ("数字资源库合同签订，读屏适配测试中。", "订阅费 80000 元；技术服务 9000 元。",
            "合同审批比计划晚两周。", "已与法务约定加急流程。", "完成读屏兼容测试并上线。"),
    "c.1": ("按评估标准检查 42 项，18 项不达标。", "评估专家费 4800 元。", "无。", "—", "按不达标项制定改造方案。"),
    "c.2": ("坡道和扶手完成约六成，卫生间改造未开工。", "已支付工程款 62000 元。",
            "消防验收意见未出，施工队暂停进场。", "已请分管馆领导协调消防部门，并调整施工顺序。", "验收意见出具后两周内复工。"),
    "d.1": ("培训计划定稿：6 个模块，含手语基础和视障引导。", "讲师费 9500 元。", "无。", "—", "组织第一期培训。"),
    "d.2": ("第一期培训报名 38 人。", "场地预订；材料印制 1200 元。", "部分分馆人员排班冲突。", "分两期举办。", "完成第一期。"),
    "e.1": ("与残联初步沟通活动方案。", "宣传材料设计费 1500 元。", "提前启动，与培训共用人员。", "控制投入时间。", "形成活动方案初稿。"),
}


def seed(ctx):
    if Programme.objects.filter(code=CODE).exists():
        return
    staff = ctx["staff"]
    manager = staff["manager"]
    today = timezone.localdate()
    start = today - dt.timedelta(weeks=WEEKS_IN)
    programme = import_plan(actor=None, start_date=start, manager=manager)
    programme.status = Programme.Status.ACTIVE
    programme.save(update_fields=["status"])
    _targets(programme)
    tasks = {t.code: t for t in programme.tasks.all()}
    _progress(programme, tasks)
    _budget_and_staff(tasks, staff)
    _risks(programme, staff, today)
    _meetings(programme, staff, today, tasks)
    _reports(programme, today)
    _communications(programme, staff, today)
    ctx["programme"] = programme


def _targets(programme):
    for goal in programme.goals.all():
        for index, target in enumerate(goal.targets.order_by("order", "id")):
            values = TARGETS.get((goal.code, index))
            if values:
                target.baseline, target.target_value, target.current_value = values
                target.save()


def _progress(programme, tasks):
    for code, (status, percent, late, reason) in PROGRESS.items():
        task = tasks[code]
        task.status, task.percent_complete, task.blocked_reason = status, percent, reason
        task.actual_start = task.planned_start + dt.timedelta(days=7 * (1 if code in ("b.2",) else 0))
        if code == "e.1":
            task.actual_start = programme.week_start(20)  # started early: a dependency violation
        if status == "done":
            task.actual_end = task.planned_end + dt.timedelta(weeks=late)
        task.deliverables = {"a.2": "特殊人群阅读需求调研报告", "c.1": "无障碍设施评估报告",
                             "d.1": "特殊人群服务培训计划"}.get(code, "")
        task.save()
    for code in PROGRESS:
        rollup_parent(tasks[code])


def _budget_and_staff(tasks, staff):
    for code, lines in BUDGET.items():
        for item, planned, spent in lines:
            BudgetLine.objects.create(task=tasks[code], item=item, planned=Decimal(planned), spent=Decimal(spent))
    for code, people in ALLOCATIONS.items():
        for username, percent in people:
            StaffAllocation.objects.create(task=tasks[code], person=staff[username], percent=percent)
    for task in tasks.values():
        if task.parent_id and task.owner and not task.allocations.exists():
            StaffAllocation.objects.create(task=task, person=task.owner, percent=30)


def _risks(programme, staff, today):
    risks = {r.code: r for r in programme.risks.all()}
    reviews = {
        "a": [(8, 3, 3, "open", "季度调研显示需求集中在大字和有声资源，暂无明显变化。")],
        "b": [(12, 4, 3, "mitigating", "数字资源库已签约，资源缺口缩小；继续拓展捐赠渠道。"),
              (4, 3, 3, "mitigating", "本月新增资源 85 种。")],
        "c": [(6, 2, 4, "open", "培训计划已定稿，课程包含实操考核。")],
        "d": [(9, 3, 4, "open", "改造已开工，进度基本正常。"),
              (3, 4, 4, "occurred", "消防验收意见未出，施工暂停，进度延误约三周。")],
        "e": [(2, 2, 3, "open", "合作项目尚未开始，提前建立联络人名单。")],
    }
    now = timezone.now()
    for code, entries in reviews.items():
        risk = risks[code]
        for weeks_ago, likelihood, impact, status, note in entries:
            RiskReview.objects.create(risk=risk, reviewed_at=now - dt.timedelta(weeks=weeks_ago),
                                      reviewed_by=risk.owner or staff["manager"], likelihood=likelihood,
                                      impact_score=impact, status=status, note=note)
        last = entries[-1]
        risk.likelihood, risk.impact_score, risk.status = last[1], last[2], last[3]
        reviewed = today - dt.timedelta(weeks=last[0])
        risk.next_review = schedule.next_date(reviewed, risk.review_cadence)
        risk.save()


def _meetings(programme, staff, today, tasks):
    meetings_schedule(programme=programme, until=today + dt.timedelta(days=35))
    plans = [
        ("启动会：通报计划、分工和时间表。", ["各部门按计划表确认负责人。"], [("提交调研问卷终稿", "zhouyan", 7, "done")]),
        ("调研分析完成，通报阅读特点；资源建设启动。", ["采购优先大字本和有声书。"],
         [("提交资源采购清单", "wujun", 10, "done")]),
        ("数字资源合同延误两周；讨论加急流程。", ["法务加急审批数字资源合同。"],
         [("跟进数字资源合同审批", "zhengli", 7, "done"), ("整理读者对新资源的反馈", "librarian", 14, "done")]),
        ("无障碍改造开工；培训计划起草。", ["改造每周报告进度。"],
         [("提交改造进度周报模板", "wangqiang", 7, "done"), ("在服务台设置意见登记表", "depthead", 10, "done")]),
        ("改造因消防验收暂停；培训即将开始。", ["请馆领导协调消防验收。", "培训分两期举办。"],
         [("联系消防部门确认验收时间", "wangqiang", 7, "open"), ("汇总服务台收到的无障碍意见", "depthead", 5, "open"),
          ("安排分馆人员参加第二期培训", "liuyang", 21, "open")]),
    ]
    held = list(programme.meetings.filter(date__lt=today, series__kind="coordination").order_by("date"))
    attendees = [staff[u] for u in ("manager", "zhouyan", "wujun", "zhengli", "wangqiang", "fengxue", "chenhao",
                                    "depthead")]
    for meeting, (minutes, decisions, actions) in zip(held, plans[-len(held):] if len(held) < len(plans) else plans):
        meeting.status = Meeting.Status.HELD
        meeting.minutes = minutes
        meeting.save()
        meeting.attendees.set(attendees)
        for text in decisions:
            Decision.objects.create(meeting=meeting, text=text)
        for title, username, days, status in actions:
            due = meeting.date + dt.timedelta(days=days)
            ActionItem.objects.create(meeting=meeting, title=title, assignee=staff[username], due_date=due,
                                      status=status, completed_on=due if status == "done" else None)


def _reports(programme, today):
    """Older months accepted (one returned for changes); last month submitted except two."""
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month_before = (last_month - dt.timedelta(days=1)).replace(day=1)
    for period in schedule.month_starts(programme.start_date, last_month):
        reports_open_for_month(programme=programme, period=period)
    reports = list(MonthlyReport.objects.filter(programme=programme).select_related("task"))
    latest_other = max((r for r in reports if r.period == last_month and r.task.code != "c.2"),
                       key=lambda r: (r.task.start_week, r.task.code), default=None)
    missing = {r.pk for r in reports if r.period == last_month and r.task.code == "c.2"}
    if latest_other is not None:
        missing.add(latest_other.pk)
    for report in reports:
        text = REPORT_TEXT.get(report.task.code)
        if report.pk in missing or text is None:
            continue
        report.progress, report.resources_used, report.problems, report.solutions, report.next_steps = text
        report.percent_complete = report.task.percent_complete if report.period == last_month else None
        report.submitted_at = timezone.make_aware(dt.datetime.combine(report.due_date - dt.timedelta(days=2),
                                                                      dt.time(10)))
        if report.period == last_month:
            report.status = MonthlyReport.Status.SUBMITTED
        elif report.period == month_before and report.task.code == "c.2":
            report.status = MonthlyReport.Status.RETURNED
            report.review_note = "请补充施工进度百分比和已支付工程款明细。"
        else:
            report.status = MonthlyReport.Status.ACCEPTED
        report.save()


def _communications(programme, staff, today):
    summaries = {
        "internal": "本周项目进展周报已通过企业微信发送各部门负责人。",
        "special_population": "向视障读者代表电话通报新到有声资源，并收集意见。",
        "partner": "向区残联发送合作意向和活动初步方案。",
        "leadership": "向分管馆领导提交月度项目书面报告。",
    }
    for item in Communication.objects.filter(programme=programme).select_related("stakeholder"):
        sent = today - dt.timedelta(days=schedule.CADENCE_DAYS[item.frequency] - 3)
        if item.stakeholder.kind == "partner":
            sent = today - dt.timedelta(days=40)  # overdue: partner contact slipped
        CommunicationLog.objects.create(communication=item, sent_on=sent, sent_by=item.owner,
                                        summary=summaries.get(item.stakeholder.kind, "意见箱与在线反馈周汇总。"))
        item.next_due = schedule.next_date(sent, item.frequency)
        item.save(update_fields=["next_due"])
