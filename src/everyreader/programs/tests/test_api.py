import datetime as dt

import pytest
from rest_framework.test import APIClient

from everyreader.programs import services
from everyreader.programs.models import MonthlyReport, RiskReview, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("role,status", [("reader", 403), ("librarian", 200), ("administrator", 200),
                                         ("department_head", 200), ("programme_manager", 200)])
def test_read_endpoints_by_role(api, programme, make_user, role, status):
    api.force_authenticate(make_user(role))
    for url in ["/api/v1/programmes/", "/api/v1/programme-tasks/", "/api/v1/programme-risks/",
                "/api/v1/programme-meetings/", "/api/v1/programme-reports/"]:
        assert api.get(url).status_code == status, url


def test_anonymous_is_refused(api, programme):
    assert api.get("/api/v1/programme-tasks/").status_code in (401, 403)


def test_task_list_filters_by_programme_and_shows_dependencies(api, programme, manager):
    api.force_authenticate(manager)
    data = api.get(f"/api/v1/programme-tasks/?programme={programme.pk}").json()
    assert data["count"] == 24
    a2 = next(t for t in data["results"] if t["code"] == "a.2")
    assert a2["depends_on"] == ["a.1"] and a2["planned_start"] == "2026-01-19"


def test_patch_task_by_own_head_and_refusal_for_other(api, programme, tasks, departments):
    task = tasks["a.1"]
    api.force_authenticate(departments["needs-research"].head)
    response = api.patch(f"/api/v1/programme-tasks/{task.pk}/", {"status": "in_progress", "percent_complete": 20},
                         format="json")
    assert response.status_code == 200 and response.json()["percent_complete"] == 20
    response = api.patch(f"/api/v1/programme-tasks/{task.pk}/", {"department": departments["training"].pk},
                         format="json")
    assert response.status_code == 400
    api.force_authenticate(departments["acquisitions"].head)
    response = api.patch(f"/api/v1/programme-tasks/{task.pk}/", {"percent_complete": 90}, format="json")
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).percent_complete == 20
    assert Task.objects.get(pk=task.pk).department == departments["needs-research"]


def test_patch_task_illegal_transition_is_400(api, tasks, manager):
    api.force_authenticate(manager)
    response = api.patch(f"/api/v1/programme-tasks/{tasks['a.1'].pk}/", {"status": "done"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert Task.objects.get(pk=tasks["a.1"].pk).status == "not_started"


def test_review_risk(api, programme, manager, make_user):
    risk = programme.risks.get(code="b")
    api.force_authenticate(make_user("librarian"))
    assert api.post(f"/api/v1/programme-risks/{risk.pk}/review/", {"likelihood": 2, "impact_score": 2,
                                                                   "status": "open"}).status_code == 403
    api.force_authenticate(manager)
    response = api.post(f"/api/v1/programme-risks/{risk.pk}/review/", {"likelihood": 5, "impact_score": 4,
                                                                       "status": "mitigating"})
    assert response.status_code == 200 and response.json()["score"] == 20
    assert api.post(f"/api/v1/programme-risks/{risk.pk}/review/", {"likelihood": 9, "impact_score": 4,
                                                                   "status": "open"}).status_code == 400
    assert RiskReview.objects.count() == 1


def test_submit_report_through_api(api, programme, make_user):
    report = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))[0]
    api.force_authenticate(make_user("librarian"))
    assert api.patch(f"/api/v1/programme-reports/{report.pk}/", {"progress": "x"}, format="json").status_code == 403
    api.force_authenticate(report.owner)
    response = api.patch(f"/api/v1/programme-reports/{report.pk}/", {"progress": "问卷回收", "percent_complete": 40},
                         format="json")
    assert response.status_code == 200
    assert MonthlyReport.objects.get(pk=report.pk).status == "submitted"
