"""Every role against every feedback page and API endpoint."""

import pytest
from django.urls import reverse

from everyreader.feedback import services
from everyreader.feedback.models import ImprovementAction, ServiceTarget

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "librarian", "department_head", "programme_manager", "administrator"]
OK, DENY, LOGIN = 200, 403, 302


@pytest.fixture
def objects(org, submit):
    item = submit()
    action = ImprovementAction.objects.create(description="改进")
    return {"item": item, "action": action, "target": ServiceTarget.objects.first(), "category": org.category}


def page_cases(o):
    item = o["item"].pk
    staff_work = {"librarian": DENY, "department_head": DENY, "programme_manager": OK, "administrator": DENY}
    return [
        # url, expected per role (missing role -> default for group)
        (reverse("feedback:form"), {"*": OK}),
        (reverse("feedback:step", args=["kind"]), {"*": OK}),
        (reverse("feedback:mine"), {"anonymous": LOGIN, "*": OK}),
        (reverse("feedback:status", args=[o["item"].access_token]), {"*": OK}),
        (reverse("feedback_staff:queue"), {"librarian": OK, "department_head": OK, "programme_manager": OK}),
        (reverse("feedback_staff:entry"), {"librarian": OK, "department_head": OK, "programme_manager": OK}),
        # Items of another department: only the programme manager (who sees all) may open them.
        (reverse("feedback_staff:detail", args=[item]), staff_work),
        (reverse("feedback_staff:submitter", args=[item]), staff_work),
        (reverse("feedback_staff:assign", args=[item]), staff_work),
        (reverse("feedback_staff:respond", args=[item]), staff_work),
        (reverse("feedback_staff:analysis"), {"department_head": OK, "programme_manager": OK}),
        (reverse("feedback_staff:export", args=["csv"]), {"department_head": OK, "programme_manager": OK}),
        (reverse("feedback_staff:settings"), {"department_head": OK, "programme_manager": OK, "administrator": OK}),
        (reverse("feedback_staff:category_create"), {"administrator": OK}),
        (reverse("feedback_staff:category_update", args=[o["category"].pk]), {"administrator": OK}),
        (reverse("feedback_staff:target_update", args=[o["target"].pk]), {"programme_manager": OK, "administrator": OK}),
        (reverse("feedback_staff:actions"), {"department_head": OK, "programme_manager": OK}),
        (reverse("feedback_staff:action_update", args=[o["action"].pk]), {"department_head": OK, "programme_manager": OK}),
        ("/api/v1/feedback/", {"librarian": OK, "department_head": OK, "programme_manager": OK, "api": True}),
        (f"/api/v1/feedback/{item}/", {"programme_manager": OK, "librarian": 404, "department_head": 404, "api": True}),
    ]


def expected_status(rule, role):
    if role in rule:
        return rule[role]
    if "*" in rule:
        return rule["*"]
    if role == "anonymous":
        return 403 if rule.get("api") else LOGIN
    return DENY


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, make_user, objects, role):
    if role != "anonymous":
        # Staff users here belong to no department: they see only what their role grants library-wide.
        client.force_login(make_user(role))
    failures = []
    for url, rule in page_cases(objects):
        status = client.get(url).status_code
        want = expected_status(rule, role)
        if status != want:
            failures.append(f"{url}: {status} (expected {want})")
    assert not failures, f"{role}: " + "; ".join(failures)


def test_head_and_members_see_their_departments_items(client, org, objects):
    item = objects["item"]
    for user in (org.head, org.handler, org.other):
        client.force_login(user)
        assert client.get(reverse("feedback_staff:detail", args=[item.pk])).status_code == 200
    client.force_login(org.outsider)
    assert client.get(reverse("feedback_staff:detail", args=[item.pk])).status_code == 403


def test_member_cannot_assign_or_respond_before_assignment(client, org, objects):
    item = objects["item"]
    client.force_login(org.other)
    assert client.post(reverse("feedback_staff:assign", args=[item.pk]), {"handler": org.other.pk}).status_code == 403
    assert client.post(reverse("feedback_staff:respond", args=[item.pk]), {"response": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.handler is None and item.response == ""
    services.item_assign(actor=org.head, item=item, handler=org.handler)
    client.force_login(org.handler)
    assert client.post(reverse("feedback_staff:respond", args=[item.pk]), {"response": "已处理"}).status_code == 302
