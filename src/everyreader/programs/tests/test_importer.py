"""The template import creates the whole seed plan, in three languages."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.programs.models import (
    Communication,
    Goal,
    MeetingSeries,
    Milestone,
    Programme,
    Risk,
    Target,
    Task,
)
from everyreader.programs.services import import_plan
from everyreader.programs.tests.conftest import START

pytestmark = pytest.mark.django_db

# (code, zh-hant title from the seed, group from the seed, department code, start week, end week, resources)
SUBTASKS = [
    ("a.1", "收集特殊人群閱讀需求數據", "市場調研組", "needs-research", 1, 2, "調研問卷、數據分析軟件"),
    ("a.2", "分析調研數據,總結特殊人群閱讀特點", "數據分析組", "needs-research", 3, 4, "調研報告模板、統計分析工具"),
    ("b.1", "采購適合特殊人群的圖書資源", "采購部", "acquisitions", 5, 8, "圖書采購預算、供應商資源"),
    ("b.2", "引入數字資源,滿足特殊人群在線閱讀需求", "數字資源部", "digital-resources", 9, 12, "數字資源采購合同、技術支持"),
    ("c.1", "評估圖書館無障礙設施現狀", "設施管理部", "facilities", 13, 14, "無障礙設施評估標準、現場考察工具"),
    ("c.2", "改進無障礙設施,提升用戶體驗", "設施管理部", "facilities", 15, 18, "施工團隊、無障礙設施改進預算"),
    ("d.1", "制定特殊人群服務培訓計劃", "培訓部", "training", 19, 20, "培訓課程大綱、講師資源"),
    ("d.2", "組織圖書館工作人員參加培訓", "培訓部", "training", 21, 24, "培訓場地、培訓材料"),
    ("e.1", "策劃特殊人群閱讀推廣活動", "活動策劃組", "activities", 25, 28, "活動策劃方案、活動宣傳材料"),
    ("e.2", "執行活動方案,確保活動效果", "活動策劃組", "activities", 29, 32, "活動執行團隊、活動經費"),
    ("f.1", "尋求合作伙伴", "合作部", "partnerships", 33, 36, "合作意向書、合作伙伴資源"),
    ("f.2", "建立合作關系,共同推進服務", "合作部", "partnerships", 37, 40, "合作協議、合作項目預算"),
    ("g.1", "設計特殊人群服務評估體系", "評估部", "evaluation", 41, 44, "評估指標體系、評估工具"),
    ("g.2", "定期評估服務質量,提出改進措施", "評估部", "evaluation", 45, 48, "評估數據、改進方案"),
    ("h.1", "根據評估結果調整服務策略", "服務改進組", "service-improvement", 49, 52, "改進方案、實施團隊"),
    ("h.2", "跟蹤改進措施實施效果", "服務改進組", "service-improvement", 53, 56, "效果跟蹤工具、反饋機制"),
]
KEY_TASKS = [("a", "調研分析", 1, 4), ("b", "資源建設", 5, 12), ("c", "環境優化", 13, 18), ("d", "服務培訓", 19, 24),
             ("e", "活動策劃", 25, 32), ("f", "合作交流", 33, 40), ("g", "質量評估", 41, 48), ("h", "持續改進", 49, 56)]
RISKS = [("a", "特殊人群需求變化快,難以準確預測。", "quarterly", ["a.1", "a.2", "h.1"]),
         ("b", "圖書館資源有限,無法滿足所有特殊人群需求。", "monthly", ["b.1", "b.2"]),
         ("c", "服務培訓效果不佳,工作人員服務能力提升有限。", "quarterly", ["d.1", "d.2"]),
         ("d", "無障礙設施建設進度延誤,影響用戶體驗。", "monthly", ["c.1", "c.2"]),
         ("e", "合作項目溝通不暢,影響合作效果。", "weekly", ["f.1", "f.2"])]


def test_every_key_task_with_timeline_weeks(programme):
    keys = Task.objects.filter(programme=programme, parent__isnull=True).order_by("start_week")
    assert [(t.code, t.i18n["zh-hant"]["title"], t.start_week, t.end_week) for t in keys] == KEY_TASKS
    assert Milestone.objects.filter(programme=programme).count() == 8
    assert sorted(Milestone.objects.values_list("week", flat=True)) == [4, 12, 18, 24, 32, 40, 48, 56]


def test_every_subtask_with_group_weeks_resources_and_department(programme, departments):
    subs = Task.objects.filter(programme=programme, parent__isnull=False).select_related("parent", "department")
    assert subs.count() == 16
    found = {t.code: t for t in subs}
    for code, title, group, dept, start, end, resources in SUBTASKS:
        task = found[code]
        assert task.i18n["zh-hant"]["title"] == title
        assert task.i18n["zh-hant"]["group"] == group
        assert task.i18n["zh-hant"]["resources"] == resources
        assert (task.start_week, task.end_week) == (start, end)
        assert task.parent.code == code[0]
        assert task.department == departments[dept]
        assert task.owner == departments[dept].head


def test_text_in_three_languages(tasks):
    task = tasks["a.1"]
    assert task.title == "收集特殊人群阅读需求数据"  # zh-hans is the field itself
    assert task.localized("title", "zh-hant") == "收集特殊人群閱讀需求數據"
    assert task.localized("title", "en") == "Collect data on the reading needs of special populations"
    for task in tasks.values():
        assert task.title and task.i18n["en"]["title"] and task.i18n["zh-hant"]["title"]


def test_dependencies_chain_the_plan(tasks):
    assert list(tasks["a.2"].depends_on.all()) == [tasks["a.1"]]
    assert list(tasks["b.1"].depends_on.all()) == [tasks["a.2"]]
    assert tasks["a.1"].depends_on.count() == 0


def test_risk_register(programme, departments):
    risks = {r.code: r for r in Risk.objects.filter(programme=programme).prefetch_related("tasks")}
    assert len(risks) == 5
    for code, factor, cadence, threatened in RISKS:
        risk = risks[code]
        assert risk.i18n["zh-hant"]["factor"] == factor
        assert risk.review_cadence == cadence
        assert sorted(t.code for t in risk.tasks.all()) == threatened
        assert risk.next_review is not None
        assert 1 <= risk.likelihood <= 5 and 1 <= risk.impact_score <= 5
    assert risks["b"].department == departments["acquisitions"]


def test_goals_targets_meetings_and_communication(programme):
    assert Goal.objects.filter(programme=programme).count() == 5
    assert Target.objects.filter(goal__programme=programme).count() == 7
    series = {s.kind: s for s in MeetingSeries.objects.filter(programme=programme)}
    assert series["coordination"].cadence == "monthly_first_week"
    assert series["partner"].cadence == "weekly"
    kinds = set(Communication.objects.filter(programme=programme).values_list("stakeholder__kind", flat=True))
    assert kinds == {"internal", "special_population", "partner", "leadership"}


def test_import_is_audited(programme):
    assert AuditEvent.objects.filter(action="programme.imported", object_id=str(programme.pk)).exists()


def test_same_code_twice_is_refused_and_creates_nothing(programme, manager):
    before = (Programme.objects.count(), Task.objects.count())
    with pytest.raises(DomainError):
        import_plan(actor=manager, start_date=START, manager=manager)
    assert (Programme.objects.count(), Task.objects.count()) == before


def test_refused_without_permission(departments, make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_plan(actor=make_user("department_head"), start_date=START)
    assert Programme.objects.count() == 0


def test_management_command(departments):
    call_command("import_programme_plan", "--start", "2026-03-02", "--code", "pilot")
    programme = Programme.objects.get(code="pilot")
    assert programme.start_date == dt.date(2026, 3, 2)
    assert programme.tasks.count() == 24
    with pytest.raises(CommandError):
        call_command("import_programme_plan", "--start", "2026-03-02", "--code", "pilot")
    with pytest.raises(CommandError):
        call_command("import_programme_plan", "--start", "not-a-date")
