"""Staff pages and API: permission matrix (every role × every page and endpoint), staff entry,
exports, reports, builder pages, query counts."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from everyreader.core.models import AuditEvent
from everyreader.surveys import services_responses as svc
from everyreader.surveys.models import Question, Response, Survey

pytestmark = pytest.mark.django_db

ROLES = [None, "reader", "librarian", "department_head", "programme_manager", "administrator"]
# page -> roles allowed
PAGES = {
    "list": {"librarian", "department_head", "programme_manager", "administrator"},
    "create": {"department_head", "programme_manager"},
    "from_template": {"department_head", "programme_manager"},
    "detail": {"librarian", "department_head", "programme_manager", "administrator"},
    "edit": {"department_head", "programme_manager"},
    "section_add": {"department_head", "programme_manager"},
    "question_add": {"department_head", "programme_manager"},
    "section_edit": {"department_head", "programme_manager"},
    "run_create": {"department_head", "programme_manager"},
    "waves": {"department_head", "programme_manager"},
    "run": {"librarian", "department_head", "programme_manager", "administrator"},
    "entry": {"librarian", "department_head", "programme_manager"},
    "results": {"department_head", "programme_manager"},
    "report": {"department_head", "programme_manager"},
    "report_pdf": {"department_head", "programme_manager"},
    "export_csv": {"department_head", "programme_manager"},
    "export_xlsx": {"department_head", "programme_manager"},
    "needs_report": {"department_head", "programme_manager"},
}


def page_url(name, survey, run):
    section = survey.sections.first()
    args = {"list": [], "create": [], "from_template": [], "needs_report": [], "section_add": [survey.pk],
            "detail": [survey.pk], "edit": [survey.pk], "question_add": [survey.pk, section.pk],
            "section_edit": [survey.pk, section.pk],
            "run_create": [survey.pk], "waves": [survey.pk]}.get(name, [run.pk])
    return reverse(f"surveys_staff:{name}", args=args)


@pytest.fixture
def answered_run(open_run):
    for single in ("a", "b"):
        response, _code = svc.response_start(run=open_run)
        svc.response_save(response=response, raw={"single": single, "only_b": "=SUM(A1)", "long": "大字本太少",
                                                  "sq1": {"minimum": 3, "desired": 8, "perceived": 6}})
        svc.response_submit(response=response)
    return open_run


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_staff_pages(client, make_user, answered_run, role):
    survey = answered_run.survey
    if role:
        client.force_login(make_user(role))
    for name, allowed in PAGES.items():
        response = client.get(page_url(name, survey, answered_run))
        if role is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        elif role in allowed:
            assert response.status_code == 200, (name, role)
        else:
            assert response.status_code == 403, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_reader_pages(client, make_user, open_run, role):
    if role:
        client.force_login(make_user(role))
    for url in (reverse("surveys:index"), reverse("surveys:take", args=[open_run.token]),
                reverse("surveys:resume", args=[open_run.token]), reverse("surveys:kiosk_take", args=[open_run.token])):
        assert client.get(url).status_code == 200, url


API = [("get", "api-survey-list", "view"), ("get", "api-survey-detail", "view"), ("get", "api-survey-waves", "results"),
       ("get", "api-run-list", "view"), ("get", "api-run-detail", "view"), ("get", "api-run-results", "results"),
       ("get", "api-run-responses", "export")]
VIEWERS = {"librarian", "department_head", "programme_manager", "administrator"}
ANALYSTS = {"department_head", "programme_manager"}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_api(client, make_user, answered_run, role):
    if role:
        client.force_login(make_user(role))
    names = {"api-survey-list": ("survey-list", []), "api-survey-detail": ("survey-detail", [answered_run.survey.pk]),
             "api-survey-waves": ("survey-waves", [answered_run.survey.pk]), "api-run-list": ("survey-run-list", []),
             "api-run-detail": ("survey-run-detail", [answered_run.pk]),
             "api-run-results": ("survey-run-results", [answered_run.pk]),
             "api-run-responses": ("survey-run-responses", [answered_run.pk])}
    for _method, key, need in API:
        name, args = names[key]
        response = client.get(reverse(name, args=args))
        allowed = role in (VIEWERS if need == "view" else ANALYSTS)
        expected = 200 if allowed else (401 if role is None else 403)
        assert response.status_code in ((expected,) if allowed or role else (401, 403)), (key, role)


def test_api_results_and_staff_entry(client_as, answered_run):
    client = client_as("programme_manager")
    data = client.get(reverse("survey-run-results", args=[answered_run.pk])).json()
    assert data["respondents"] == 2
    item = next(i for i in data["service_quality"]["items"] if i["code"] == "sq1")
    assert item["adequacy_gap"] == 3 and item["superiority_gap"] == -2
    url = reverse("survey-run-responses", args=[answered_run.pk])
    created = client.post(url, {"mode": "interview", "answers": {"single": "a", "rate": 7}}, content_type="application/json")
    assert created.status_code == 201 and Response.objects.get(pk=created.json()["id"]).mode == "interview"
    bad = client.post(url, {"mode": "interview", "answers": {"single": "zzz"}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]
    assert Response.objects.count() == 3
    reader_client = client_as("librarian")
    assert reader_client.post(url, {"mode": "paper", "answers": {"single": "a"}},
                              content_type="application/json").status_code == 201


def test_staff_entry_page_records_mode(client_as, open_run):
    client = client_as("librarian")
    url = reverse("surveys_staff:entry", args=[open_run.pk])
    response = client.post(url, {"mode": "large_print", "category": "senior", "a-q_single": "b", "a-q_only_b": "理由",
                                 "a-q_sq1__minimum": "2", "a-q_sq1__desired": "7", "a-q_sq1__perceived": "5"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.mode == "large_print" and saved.entered_by == client.user and saved.category == "senior"
    bad = client.post(url, {"mode": "large_print", "a-q_single": "b"})  # only_b is required when single = b
    assert bad.status_code == 400 and Response.objects.count() == 1


def test_exports_csv_and_xlsx_are_pseudonymous_and_safe(client_as, answered_run):
    client = client_as("department_head")
    body = client.get(reverse("surveys_staff:export_csv", args=[answered_run.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["response", "run", "wave"] and "sq1.perceived" in rows[0] and len(rows) == 3
    assert "'=SUM(A1)" in body and "=SUM(A1)" not in body.replace("'=SUM(A1)", "")
    sheet = load_workbook(io.BytesIO(client.get(reverse("surveys_staff:export_xlsx", args=[answered_run.pk])).content)).active
    assert sheet.max_row == 3 and sheet.cell(1, 1).value == "response"
    assert AuditEvent.objects.filter(action="survey_responses.exported").count() == 2


def test_report_pdf_is_a_pdf(client_as, answered_run):
    response = client_as("programme_manager").get(reverse("surveys_staff:report_pdf", args=[answered_run.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_results_page_shows_gaps_and_texts(client_as, answered_run):
    page = client_as("programme_manager").get(reverse("surveys_staff:results", args=[answered_run.pk])).content.decode()
    assert "gap-caption" in page and "大字本太少" in page and "<5" in page or "&lt;5" in page


def test_builder_pages_create_and_publish(client_as):
    client = client_as("department_head")
    response = client.post(reverse("surveys_staff:from_template"), {"template": "needs"})
    survey = Survey.objects.get()
    assert response["Location"] == reverse("surveys_staff:detail", args=[survey.pk])
    section = survey.sections.first()
    url = reverse("surveys_staff:question_add", args=[survey.pk, section.pk])
    bad = client.post(url, {"code": "read_freq", "kind": "single", "text_zh_hans": "重复"})
    assert bad.status_code == 200 and b"error-summary" in bad.content
    client.post(url, {"code": "pets", "kind": "single", "text_zh_hans": "您养宠物吗？",
                      "choices": "yes | 养 | 養 | Yes\nno | 不养 | 不養 | No"})
    assert Question.objects.get(code="pets").choice_pairs() == [("yes", "养"), ("no", "不养")]
    rename = reverse("surveys_staff:section_edit", args=[survey.pk, section.pk])
    assert client.post(rename, {"title_zh_hans": ""}).status_code == 200
    assert client.post(rename, {"title_zh_hans": "阅读习惯（新）"}).status_code == 302
    section.refresh_from_db()
    assert section.title == {"zh-hans": "阅读习惯（新）"}
    client.post(reverse("surveys_staff:publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert client.post(rename, {"title_zh_hans": "冻结后"}).status_code == 200
    section.refresh_from_db()
    assert section.title == {"zh-hans": "阅读习惯（新）"}
    assert survey.status == "published"
    response = client.post(reverse("surveys_staff:run_create", args=[survey.pk]),
                           {"name": "第一轮", "wave": "before"})
    assert response.status_code == 302


def test_list_page_query_count(client_as, manager, django_assert_max_num_queries):
    from everyreader.surveys import services_builder as builder

    for _i in range(5):
        builder.survey_from_template(actor=manager, key="needs")
    client = client_as("programme_manager")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("surveys_staff:list")).status_code == 200


def test_invite_page_queues_messages_once(client_as, open_run):
    from everyreader.messaging.models import OutboundMessage
    from everyreader.readers.models import Reader

    Reader.objects.create(card_number="C1", family_name="李", email="li@example.org", category="senior")
    client = client_as("programme_manager")
    url = reverse("surveys_staff:run_invite", args=[open_run.pk])
    assert client.post(url, {"audience": "category:senior"}).status_code == 302
    assert client.post(url, {"audience": "category:senior"}).status_code == 302
    assert OutboundMessage.objects.filter(purpose="survey.invitation").count() == 1
    assert client.post(url, {"audience": "category:child"}).status_code == 400
    assert client.post(url, {"audience": "bogus"}).status_code == 400
