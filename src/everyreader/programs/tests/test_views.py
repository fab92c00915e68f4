"""Every page x every role, plus the forms' behaviour and query counts on list pages."""

import datetime as dt

import pytest
from django.urls import reverse

from everyreader.core.models import AuditEvent
from everyreader.programs import services
from everyreader.programs.models import (
    ActionItem,
    CommunicationLog,
    Meeting,
    MonthlyReport,
    Programme,
    Task,
)

pytestmark = pytest.mark.django_db

MANAGER_ONLY = {"import", "edit", "target_edit", "meeting_record", "action_add", "report_review"}
OWN_DEPARTMENT = {"task_edit", "risk_review", "risk_edit", "report_fill", "communication_log", "budget_add",
                  "allocation_set"}


@pytest.fixture
def world(programme, tasks, manager, departments):
    services.meetings_schedule(programme=programme, until=programme.start_date + dt.timedelta(days=40))
    meeting = Meeting.objects.order_by("date").first()
    head = departments["needs-research"].head
    action = services.action_item_add(actor=manager, meeting=meeting, title="send survey", assignee=head,
                                      due_date=meeting.date + dt.timedelta(days=3))
    report = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))[0]
    return {
        "programme": programme, "meeting": meeting, "action": action, "report": report, "head": head,
        "task": tasks["a.1"], "risk": programme.risks.get(code="a"),
        "target": programme.goals.get(code="a").targets.get(),
        "communication": programme.communications.get(stakeholder__kind="special_population"),
    }


def pages(w):
    p = w["programme"].pk
    return {
        "index": reverse("programmes:index"), "import": reverse("programmes:import"),
        "my_work": reverse("programmes:my_work"), "overview": reverse("programmes:overview", args=[p]),
        "edit": reverse("programmes:edit", args=[p]),
        "target_edit": reverse("programmes:target_edit", args=[w["target"].pk]),
        "tasks": reverse("programmes:tasks", args=[p]), "timeline": reverse("programmes:timeline", args=[p]),
        "task_detail": reverse("programmes:task_detail", args=[w["task"].pk]),
        "task_edit": reverse("programmes:task_edit", args=[w["task"].pk]),
        "budget_add": reverse("programmes:budget_add", args=[w["task"].pk]),
        "allocation_set": reverse("programmes:allocation_set", args=[w["task"].pk]),
        "risks": reverse("programmes:risks", args=[p]),
        "risk_detail": reverse("programmes:risk_detail", args=[w["risk"].pk]),
        "risk_review": reverse("programmes:risk_review", args=[w["risk"].pk]),
        "risk_edit": reverse("programmes:risk_edit", args=[w["risk"].pk]),
        "meetings": reverse("programmes:meetings", args=[p]),
        "meeting_detail": reverse("programmes:meeting_detail", args=[w["meeting"].pk]),
        "meeting_record": reverse("programmes:meeting_record", args=[w["meeting"].pk]),
        "action_add": reverse("programmes:action_add", args=[w["meeting"].pk]),
        "reports": reverse("programmes:reports", args=[p]),
        "report_detail": reverse("programmes:report_detail", args=[w["report"].pk]),
        "report_fill": reverse("programmes:report_fill", args=[w["report"].pk]),
        "report_review": reverse("programmes:report_review", args=[w["report"].pk]),
        "monthly": reverse("programmes:monthly", args=[p, "2026-01"]),
        "monthly_xlsx": reverse("programmes:monthly_xlsx", args=[p, "2026-01"]),
        "communications": reverse("programmes:communications", args=[p]),
        "communication_log": reverse("programmes:communication_log", args=[w["communication"].pk]),
    }


def expected(role, name):
    if role == "anonymous":
        return 302
    if role == "reader":
        return 403
    if role == "programme_manager":
        return 200
    if name in MANAGER_ONLY:
        return 403
    if name in OWN_DEPARTMENT:
        return 200 if role == "own_head" else 403
    return 200


ROLES = ["anonymous", "reader", "librarian", "administrator", "own_head", "other_head", "programme_manager"]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, make_user, departments, manager, role):
    if role == "own_head":
        client.force_login(world["head"])
    elif role == "other_head":
        client.force_login(departments["acquisitions"].head)
    elif role == "programme_manager":
        client.force_login(manager)
    elif role != "anonymous":
        client.force_login(make_user(role))
    failures = []
    for name, url in pages(world).items():
        status = client.get(url).status_code
        if status != expected(role, name):
            failures.append((name, status, expected(role, name)))
    assert failures == []


def test_pdf_download(client, world, manager):
    client.force_login(manager)
    response = client.get(reverse("programmes:monthly_pdf", args=[world["programme"].pk, "2026-01"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("month", ["2020-01", "2026-13", "junk"])
def test_monthly_report_bad_month_is_404(client, world, manager, month):
    client.force_login(manager)
    assert client.get(reverse("programmes:monthly", args=[world["programme"].pk, month])).status_code == 404


def test_head_edits_own_task(client, world):
    client.force_login(world["head"])
    url = reverse("programmes:task_edit", args=[world["task"].pk])
    response = client.post(url, {"owner": world["head"].pk, "start_week": 1, "end_week": 3, "status": "in_progress",
                                 "percent_complete": 30, "resources": "", "deliverables": "问卷"})
    assert response.status_code == 302
    task = Task.objects.get(pk=world["task"].pk)
    assert (task.end_week, task.status, task.percent_complete, task.department.code) == (3, "in_progress", 30,
                                                                                         "needs-research")


def test_task_edit_bad_input_shows_error_and_changes_nothing(client, world):
    client.force_login(world["head"])
    url = reverse("programmes:task_edit", args=[world["task"].pk])
    response = client.post(url, {"start_week": 4, "end_week": 2, "status": "not_started", "percent_complete": 0})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Task.objects.get(pk=world["task"].pk).end_week == 2 and not AuditEvent.objects.filter(
        action="programme_task.updated").exists()


def test_other_head_cannot_post(client, world, departments):
    client.force_login(departments["acquisitions"].head)
    url = reverse("programmes:task_edit", args=[world["task"].pk])
    assert client.post(url, {"start_week": 1, "end_week": 2, "status": "in_progress",
                             "percent_complete": 50}).status_code == 403
    assert Task.objects.get(pk=world["task"].pk).percent_complete == 0


def test_fill_report_and_mark_action_done(client, world):
    client.force_login(world["head"])
    response = client.post(reverse("programmes:report_fill", args=[world["report"].pk]),
                           {"progress": "回收问卷 200 份", "percent_complete": 60})
    assert response.status_code == 302
    assert MonthlyReport.objects.get(pk=world["report"].pk).status == "submitted"
    response = client.post(reverse("programmes:action_status", args=[world["action"].pk]), {"status": "done"})
    assert response.status_code == 302
    assert ActionItem.objects.get(pk=world["action"].pk).status == "done"


def test_action_status_by_someone_else_is_refused(client, world, make_user):
    client.force_login(make_user("librarian"))
    assert client.post(reverse("programmes:action_status", args=[world["action"].pk]),
                       {"status": "done"}).status_code == 403
    assert ActionItem.objects.get(pk=world["action"].pk).status == "open"


def test_log_communication_and_review_risk(client, world):
    client.force_login(world["head"])
    response = client.post(reverse("programmes:communication_log", args=[world["communication"].pk]),
                           {"sent_on": "2026-01-20", "summary": "电话通报"})
    assert response.status_code == 302 and CommunicationLog.objects.count() == 1
    response = client.post(reverse("programmes:risk_review", args=[world["risk"].pk]),
                           {"likelihood": 4, "impact_score": 2, "status": "mitigating", "note": ""})
    assert response.status_code == 302
    assert world["risk"].reviews.get().score == 8


def test_import_through_the_staff_action(client, departments, manager):
    client.force_login(manager)
    response = client.post(reverse("programmes:import"), {"start_date": "2026-02-02", "code": "second"})
    assert response.status_code == 302
    assert Programme.objects.get(code="second").tasks.count() == 24
    response = client.post(reverse("programmes:import"), {"start_date": "2026-02-02", "code": "second"})
    assert response.status_code == 200 and Programme.objects.filter(code="second").count() == 1


@pytest.mark.parametrize("name", ["tasks", "timeline", "risks", "meetings", "reports", "overview", "communications"])
def test_list_pages_query_counts(client, world, manager, name, django_assert_max_num_queries):
    client.force_login(manager)
    url = pages(world)[name]
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_language_of_plan_text(client, world, manager):
    client.force_login(manager)
    url = reverse("programmes:task_detail", args=[world["task"].pk])
    client.cookies["everyreader_language"] = "en"
    assert "Collect data on the reading needs" in client.get(url).content.decode()
    client.cookies["everyreader_language"] = "zh-hant"
    assert "收集特殊人群閱讀需求數據" in client.get(url).content.decode()


def test_attention_items(world, make_user):
    from django.utils import translation

    from everyreader.programs.attention import attention_items

    with translation.override("en"):
        items = {str(item.label): item.count for item in attention_items(world["head"])}
    assert items["Meeting action items due"] == 1
    assert items["Overdue monthly progress reports"] == 2  # a.1 and a.2 for January, due in February 2026
    assert attention_items(make_user("librarian")) == []
    assert attention_items(make_user("reader")) == []


def test_budget_allocation_and_risk_edit_by_own_head(client, world, make_user):
    from everyreader.programs.models import BudgetLine, StaffAllocation

    client.force_login(world["head"])
    task = world["task"]
    response = client.post(reverse("programmes:budget_add", args=[task.pk]),
                           {"item": "问卷印制", "planned": "6000", "spent": "-5"})
    assert response.status_code == 200 and not BudgetLine.objects.exists()
    response = client.post(reverse("programmes:budget_add", args=[task.pk]),
                           {"item": "问卷印制", "planned": "6000", "spent": "5400"})
    assert response.status_code == 302 and BudgetLine.objects.get().spent == 5400
    person = make_user("librarian")
    assert client.post(reverse("programmes:allocation_set", args=[task.pk]),
                       {"person": person.pk, "percent": 70}).status_code == 302
    assert StaffAllocation.objects.get(person=person).percent == 70
    other = world["programme"].tasks.get(code="a.2")
    client.post(reverse("programmes:allocation_set", args=[other.pk]), {"person": person.pk, "percent": 50})
    from everyreader.programs import selectors

    loads = {load.person: load for load in selectors.staff_load(world["programme"], task.planned_start)}
    assert loads[person].percent == 70 and not loads[person].overloaded  # a.2 does not run in week 1
    task.status = "in_progress"
    task.save()
    other.status = "in_progress"
    other.save()
    loads = {load.person: load for load in selectors.staff_load(world["programme"], task.planned_start)}
    assert loads[person].percent == 120 and loads[person].overloaded
    response = client.post(reverse("programmes:risk_edit", args=[world["risk"].pk]),
                           {"mitigation": "每季度调研", "review_cadence": "monthly", "next_review": "2026-03-01",
                            "tasks": [task.pk]})
    assert response.status_code == 302
    world["risk"].refresh_from_db()
    assert world["risk"].review_cadence == "monthly" and list(world["risk"].tasks.all()) == [task]


def test_manager_sets_dependencies_in_the_task_form(client, world, manager, tasks):
    client.force_login(manager)
    c1 = tasks["c.1"]
    data = {"department": c1.department_id, "owner": c1.owner_id, "start_week": 13, "end_week": 14,
            "status": "not_started", "percent_complete": 0, "depends_on": [tasks["b.2"].pk, tasks["a.2"].pk]}
    assert client.post(reverse("programmes:task_edit", args=[c1.pk]), data).status_code == 302
    assert set(c1.depends_on.values_list("code", flat=True)) == {"a.2", "b.2"}
    data["depends_on"] = [tasks["d.1"].pk]  # d.1 depends (indirectly) on c.1: a loop
    response = client.post(reverse("programmes:task_edit", args=[c1.pk]), data)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert set(c1.depends_on.values_list("code", flat=True)) == {"a.2", "b.2"}
