"""Goals and targets by hand, and meetings called outside the recurring series."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.programs import selectors, services
from everyreader.programs.models import Goal, Meeting, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(programme):
    return programme.goals.get(code="a")


@pytest.fixture
def head(departments):
    return departments["needs-research"].head


# Services -------------------------------------------------------------------------------------


def test_goal_create_and_update_are_audited(programme, manager):
    goal = services.goal_create(actor=manager, programme=programme, code=" F ", title=" 可持续的志愿者队伍 ")
    assert (goal.code, goal.title) == ("F", "可持续的志愿者队伍")
    services.goal_update(actor=manager, goal=goal, code="G", title="可持续的服务模式")
    goal.refresh_from_db()
    assert (goal.code, goal.title) == ("G", "可持续的服务模式")
    assert AuditEvent.objects.filter(action="programme_goal.created").count() == 1
    assert AuditEvent.objects.get(action="programme_goal.updated").details["changes"]["code"] == ["F", "G"]


def test_goal_update_of_title_drops_stale_translations(goal, manager):
    assert goal.i18n.get("en", {}).get("title")
    services.goal_update(actor=manager, goal=goal, code=goal.code, title="新的目标")
    goal.refresh_from_db()
    assert goal.localized("title", "en") == "新的目标"


@pytest.mark.parametrize(("code", "title", "field"), [
    ("", "目标", "code"), ("X" * 11, "目标", "code"), ("F", "  ", "title"), ("a", "重复的代码", "code"),
])
def test_goal_create_bad_input_creates_nothing(programme, manager, code, title, field):
    before = Goal.objects.count()
    with pytest.raises(DomainError) as error:
        services.goal_create(actor=manager, programme=programme, code=code, title=title)
    assert error.value.field == field
    assert Goal.objects.count() == before and not AuditEvent.objects.filter(action="programme_goal.created").exists()


@pytest.mark.parametrize("role", ["department_head", "librarian", "administrator", "reader"])
def test_only_the_manager_writes_goals_and_targets(programme, goal, make_user, role):
    user = make_user(role)
    target = goal.targets.first()
    with pytest.raises(PermissionDenied):
        services.goal_create(actor=user, programme=programme, code="F", title="目标")
    with pytest.raises(PermissionDenied):
        services.target_create(actor=user, goal=goal, indicator="指标", target_value=Decimal(1))
    with pytest.raises(PermissionDenied):
        services.target_update(actor=user, target=target, retired=True)
    assert not programme.goals.filter(code="F").exists() and goal.targets.count() == 1
    assert not Target.objects.get(pk=target.pk).retired


def test_target_create_appends_and_is_audited(goal, manager):
    target = services.target_create(actor=manager, goal=goal, indicator=" 无障碍阅览室使用人次 ", unit="人次",
                                    baseline=Decimal(120), target_value=Decimal(300),
                                    target_date=dt.date(2027, 1, 31))
    assert target.indicator == "无障碍阅览室使用人次"
    assert target.order > goal.targets.exclude(pk=target.pk).get().order
    assert AuditEvent.objects.get(action="programme_target.created").details["target"] == "300"


@pytest.mark.parametrize(("data", "field"), [
    ({"indicator": " ", "target_value": Decimal(1)}, "indicator"),
    ({"indicator": "指标", "target_value": None}, "target_value"),
    ({"indicator": "指标", "target_value": Decimal("Infinity")}, "target_value"),
    ({"indicator": "指标", "target_value": Decimal("1e12")}, "target_value"),
    ({"indicator": "指标", "unit": "单" * 41, "target_value": Decimal(1)}, "unit"),
])
def test_target_create_bad_input_creates_nothing(goal, manager, data, field):
    with pytest.raises(DomainError) as error:
        services.target_create(actor=manager, goal=goal, **data)
    assert error.value.field == field
    assert goal.targets.count() == 1 and not AuditEvent.objects.filter(action="programme_target.created").exists()


def test_retired_target_leaves_overview_and_report_and_can_return(programme, goal, manager):
    target = goal.targets.get()
    services.target_update(actor=manager, target=target, retired=True)
    assert AuditEvent.objects.filter(action="programme_target.retired").count() == 1
    shown = [t.pk for g in selectors.goals_with_targets(programme) for t in g.targets.all()]
    managed = [t.pk for g in selectors.goals_with_targets(programme, include_retired=True) for t in g.targets.all()]
    assert target.pk not in shown and target.pk in managed
    services.target_update(actor=manager, target=target, retired=False)
    assert AuditEvent.objects.filter(action="programme_target.restored").count() == 1


def test_target_update_rejects_blank_indicator_and_unknown_fields(goal, manager):
    target = goal.targets.get()
    with pytest.raises(DomainError):
        services.target_update(actor=manager, target=target, indicator="")
    with pytest.raises(DomainError):
        services.target_update(actor=manager, target=target, goal=None)
    assert Target.objects.get(pk=target.pk).indicator == target.indicator
    assert not AuditEvent.objects.filter(action__startswith="programme_target.").exists()


def test_meeting_create_by_head_chairs_it(programme, head, manager):
    meeting = services.meeting_create(actor=head, programme=programme, date=dt.date(2026, 3, 3), title=" 风险特别评审 ",
                                      start_time=dt.time(14, 30), agenda="评审高风险项", attendees=[manager, head])
    assert (meeting.title, meeting.chair, meeting.series, meeting.start_time) == ("风险特别评审", head, None,
                                                                                  dt.time(14, 30))
    assert set(meeting.attendees.all()) == {manager, head}
    assert AuditEvent.objects.filter(action="programme_meeting.created").count() == 1


def test_meeting_create_bad_input_creates_nothing(programme, manager, make_user):
    series = programme.meeting_series.first()
    services.meetings_schedule(programme=programme, until=programme.start_date + dt.timedelta(days=30))
    taken = series.meetings.first().date
    before = Meeting.objects.count()
    cases = [({"title": " "}, "title"), ({"title": "会" * 201}, "title"), ({"series": series, "date": taken}, "date"),
             ({"attendees": [make_user("reader")]}, "attendees")]
    for extra, field in cases:
        data = {"programme": programme, "date": dt.date(2026, 3, 3), "title": "伙伴工作坊", **extra}
        with pytest.raises(DomainError) as error:
            services.meeting_create(actor=manager, **data)
        assert error.value.field == field
    assert Meeting.objects.count() == before
    assert not AuditEvent.objects.filter(action="programme_meeting.created").exists()


@pytest.mark.parametrize("role", ["librarian", "administrator", "reader"])
def test_meeting_create_refused_for_others(programme, make_user, role):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=make_user(role), programme=programme, date=dt.date(2026, 3, 3), title="会")
    assert not Meeting.objects.exists()


# Views ----------------------------------------------------------------------------------------


def new_pages(programme, goal):
    return {
        "goal_add": (reverse("programmes:goal_add", args=[programme.pk]), {"programme_manager"}),
        "goal_edit": (reverse("programmes:goal_edit", args=[goal.pk]), {"programme_manager"}),
        "target_add": (reverse("programmes:target_add", args=[goal.pk]), {"programme_manager"}),
        "target_edit": (reverse("programmes:target_edit", args=[goal.targets.get().pk]), {"programme_manager"}),
        "meeting_add": (reverse("programmes:meeting_add", args=[programme.pk]), {"programme_manager",
                                                                                  "department_head"}),
    }


@pytest.mark.parametrize("role", ["anonymous", "reader", "librarian", "administrator", "department_head",
                                  "programme_manager"])
def test_permission_matrix_for_new_pages(client, programme, goal, manager, head, make_user, role):
    if role == "programme_manager":
        client.force_login(manager)
    elif role == "department_head":
        client.force_login(head)
    elif role != "anonymous":
        client.force_login(make_user(role))
    failures = []
    for name, (url, allowed) in new_pages(programme, goal).items():
        expected = 302 if role == "anonymous" else 200 if role in allowed else 403
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status != expected:  # an empty POST re-renders the form with errors
                failures.append((name, method, status, expected))
    assert failures == []
    assert not AuditEvent.objects.filter(action__in=["programme_goal.created", "programme_meeting.created"]).exists()


def test_overview_links_to_goal_pages_for_manager_only(client, programme, goal, manager, head):
    url = reverse("programmes:overview", args=[programme.pk])
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert reverse("programmes:goal_add", args=[programme.pk]) in page
    assert reverse("programmes:target_add", args=[goal.pk]) in page
    client.force_login(head)
    page = client.get(url).content.decode()
    assert reverse("programmes:goal_add", args=[programme.pk]) not in page


def test_manager_adds_goal_then_target_then_retires_it(client, programme, manager):
    client.force_login(manager)
    response = client.post(reverse("programmes:goal_add", args=[programme.pk]), {"code": "F", "title": "志愿者队伍"})
    goal = programme.goals.get(code="F")
    assert response.status_code == 302 and response.url == reverse("programmes:target_add", args=[goal.pk])
    response = client.post(response.url, {"indicator": "注册志愿者", "unit": "人", "baseline": "10",
                                          "target_value": "60", "target_date": "2027-01-31"})
    assert response.status_code == 302
    target = goal.targets.get()
    assert (target.baseline, target.target_value) == (Decimal(10), Decimal(60))
    response = client.post(reverse("programmes:target_edit", args=[target.pk]), {
        "indicator": "注册志愿者", "unit": "人", "baseline": "10", "target_value": "60", "current_value": "25",
        "target_date": "2027-01-31", "retired": "on"})
    target.refresh_from_db()
    assert response.status_code == 302 and target.retired and target.current_value == Decimal(25)
    page = client.get(reverse("programmes:overview", args=[programme.pk])).content.decode()
    assert "注册志愿者" in page


def test_target_edit_in_english_keeps_chinese_text(client, goal, manager):
    target = goal.targets.get()
    client.force_login(manager)
    client.cookies.load({"django_language": "en"})
    english, chinese = target.localized("indicator", "en"), target.indicator
    assert english != chinese
    response = client.post(reverse("programmes:target_edit", args=[target.pk]), {
        "indicator": english, "unit": target.localized("unit", "en"), "target_value": "99"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal(99) and target.indicator == chinese


@pytest.mark.parametrize("data", [{"code": "a", "title": "重复"}, {"code": "", "title": "目标"}])
def test_goal_add_bad_input_shows_error(client, programme, manager, data):
    client.force_login(manager)
    response = client.post(reverse("programmes:goal_add", args=[programme.pk]), data)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert programme.goals.count() == 5


def test_target_add_bad_input_shows_error(client, goal, manager):
    client.force_login(manager)
    response = client.post(reverse("programmes:target_add", args=[goal.pk]),
                           {"indicator": "指标", "target_value": "abc"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert goal.targets.count() == 1


def test_head_creates_meeting_from_the_page(client, programme, head, manager):
    client.force_login(head)
    page = client.get(reverse("programmes:meetings", args=[programme.pk])).content.decode()
    url = reverse("programmes:meeting_add", args=[programme.pk])
    assert url in page
    response = client.post(url, {"title": "伙伴工作坊", "date": "2026-03-10", "start_time": "09:30",
                                 "location": "二楼会议室", "agenda": "合作计划", "attendees": [manager.pk, head.pk]})
    meeting = Meeting.objects.get(title="伙伴工作坊")
    assert response.status_code == 302 and response.url == reverse("programmes:meeting_detail", args=[meeting.pk])
    detail = client.get(response.url).content.decode()
    assert "09:30" in detail and "二楼会议室" in detail
    assert reverse("programmes:meeting_record", args=[meeting.pk]) in detail  # the caller chairs it


def test_librarian_sees_no_new_meeting_link(client, programme, make_user):
    client.force_login(make_user("librarian"))
    page = client.get(reverse("programmes:meetings", args=[programme.pk])).content.decode()
    assert reverse("programmes:meeting_add", args=[programme.pk]) not in page


@pytest.mark.parametrize("data", [{"title": "", "date": "2026-03-10"}, {"title": "会", "date": "2026-02-30"},
                                  {"title": "会", "date": "2026-03-10", "start_time": "25:00"},
                                  {"title": "会", "date": "2026-03-10", "series": "999999"}])
def test_meeting_add_bad_input_shows_error(client, programme, manager, data):
    client.force_login(manager)
    response = client.post(reverse("programmes:meeting_add", args=[programme.pk]), data)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_add_with_other_programmes_series_is_refused(programme, manager):
    other = services.import_plan(actor=manager, start_date=dt.date(2027, 1, 4), code="other", manager=manager)
    with pytest.raises(DomainError) as error:
        services.meeting_create(actor=manager, programme=programme, date=dt.date(2026, 3, 3), title="会",
                                series=other.meeting_series.first())
    assert error.value.field == "series" and not Meeting.objects.exists()
