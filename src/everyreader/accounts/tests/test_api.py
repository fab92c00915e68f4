import pytest

from everyreader.accounts.models import Department
from everyreader.accounts.tests.factories import BranchFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,list_status,create_status", [
    ("administrator", 200, 201), ("programme_manager", 200, 403), ("librarian", 200, 403), ("reader", 403, 403),
])
def test_department_api_permissions(client_as, role, list_status, create_status):
    client = client_as(role)
    assert client.get("/api/v1/departments/").status_code == list_status
    response = client.post("/api/v1/departments/", {"code": f"d-{role}", "name": "D"}, content_type="application/json")
    assert response.status_code == create_status
    assert Department.objects.filter(code=f"d-{role}").exists() == (create_status == 201)


def test_staff_api_is_for_staff_managers(client_as):
    assert client_as("librarian").get("/api/v1/staff/").status_code == 403
    admin = client_as("administrator")
    response = admin.post("/api/v1/staff/", {"username": "api-made", "roles": ["librarian"]},
                          content_type="application/json")
    assert response.status_code == 201
    assert response.json()["roles"] == ["librarian"]


def test_branch_update_through_api_is_audited(client_as):
    from everyreader.core.models import AuditEvent

    branch = BranchFactory()
    client = client_as("administrator")
    response = client.patch(f"/api/v1/branches/{branch.pk}/", {"name": "新名字"}, content_type="application/json")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="branch.updated", object_id=str(branch.pk)).exists()
