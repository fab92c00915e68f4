import pytest

from everyreader.accounts import services
from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.tests.factories import BranchFactory, DepartmentFactory
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = [
    "/staff/organisation/staff/", "/staff/organisation/staff/new/",
    "/staff/organisation/departments/", "/staff/organisation/departments/new/",
    "/staff/organisation/branches/", "/staff/organisation/branches/new/",
]
# role -> pages it may open (by index in PAGES)
ALLOWED = {
    "administrator": {0, 1, 2, 3, 4, 5},
    "programme_manager": {0, 2, 4},
    "department_head": {0, 2, 4},
    "librarian": {2, 4},
    "reader": set(),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_permission_matrix(client_as, role):
    client = client_as(role)
    for index, url in enumerate(PAGES):
        expected = 200 if index in ALLOWED[role] else 403
        assert client.get(url).status_code == expected, (role, url)


def test_object_pages_permissions(client_as):
    department = DepartmentFactory()
    branch = BranchFactory()
    admin = client_as("administrator")
    assert admin.get(f"/staff/organisation/departments/{department.pk}/").status_code == 200
    assert admin.get(f"/staff/organisation/departments/{department.pk}/edit/").status_code == 200
    assert admin.get(f"/staff/organisation/branches/{branch.pk}/edit/").status_code == 200
    assert admin.get("/staff/organisation/branches/99999/edit/").status_code == 404
    librarian = client_as("librarian")
    assert librarian.get(f"/staff/organisation/departments/{department.pk}/").status_code == 200
    assert librarian.get(f"/staff/organisation/departments/{department.pk}/edit/").status_code == 403


def test_admin_adds_staff_with_roles_through_the_workspace(client_as):
    client = client_as("administrator")
    branch = BranchFactory()
    response = client.post("/staff/organisation/staff/new/", {
        "username": "newbie", "display_name": "新馆员", "email": "n@example.org", "branch": branch.pk,
        "roles": ["librarian"], "is_active": "on", "password": "",
    })
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert list(user.groups.values_list("name", flat=True)) == ["librarian"]
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="staff.created", object_id=str(user.pk)).exists()


def test_duplicate_username_is_refused_and_nothing_changes(client_as, make_user):
    make_user("librarian", username="taken")
    client = client_as("administrator")
    before = User.objects.count()
    response = client.post("/staff/organisation/staff/new/", {"username": "TAKEN", "roles": ["librarian"],
                                                              "is_active": "on"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert User.objects.count() == before


def test_edit_roles_is_audited(client_as, make_user):
    client = client_as("administrator")
    person = make_user("librarian", username="mei")
    response = client.post(f"/staff/organisation/staff/{person.pk}/edit/", {
        "username": "mei", "roles": ["librarian", "department_head"], "is_active": "on"})
    assert response.status_code == 302
    assert set(person.groups.values_list("name", flat=True)) == {"librarian", "department_head"}
    event = AuditEvent.objects.get(action="staff.updated", object_id=str(person.pk))
    assert event.details["changes"]["roles"] == [["librarian"], ["department_head", "librarian"]]


def test_admin_cannot_remove_own_admin_role(make_user):
    admin = make_user("administrator")
    with pytest.raises(DomainError):
        services.staff_update(actor=admin, user=admin, roles=["librarian"])
    assert admin.groups.filter(name="administrator").exists()


def test_unknown_role_and_bad_branch_are_form_errors(client_as):
    client = client_as("administrator")
    response = client.post("/staff/organisation/staff/new/", {"username": "x", "roles": ["emperor"],
                                                              "branch": "abc"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_department_with_head_members_and_duties(client_as, make_user):
    client = client_as("administrator")
    head, member = make_user("department_head"), make_user("librarian")
    response = client.post("/staff/organisation/departments/new/", {
        "code": "needs", "name": "需求调研组", "duties": "开展需求调研", "head": head.pk,
        "members": [member.pk], "is_active": "on"})
    assert response.status_code == 302
    department = Department.objects.get(code="needs")
    assert set(department.members.all()) == {head, member}
    html = client.get(f"/staff/organisation/departments/{department.pk}/").content.decode()
    assert "开展需求调研" in html


def test_branch_opening_days(client_as):
    client = client_as("administrator")
    response = client.post("/staff/organisation/branches/new/", {"code": "north", "name": "北区分馆",
                                                                  "opening_days": ["1", "3"], "is_active": "on"})
    assert response.status_code == 302
    assert Branch.objects.get(code="north").opening_days == [1, 3]
    bad = client.post("/staff/organisation/branches/new/", {"code": "south", "name": "S", "opening_days": ["9"]})
    assert bad.status_code == 200 and not Branch.objects.filter(code="south").exists()


def test_staff_list_query_count(client_as, make_user, django_assert_max_num_queries):
    client = client_as("administrator")
    for i in range(15):
        make_user("librarian", branch=BranchFactory())
    with django_assert_max_num_queries(12):
        assert client.get("/staff/organisation/staff/").status_code == 200


def test_staff_home_lists_only_permitted_sections(client_as):
    html = client_as("librarian").get("/staff/").content.decode()
    assert "/staff/organisation/departments/" in html
    assert "/staff/audit/" not in html and "/staff/organisation/staff/" not in html
