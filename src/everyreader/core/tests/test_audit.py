import pytest

from everyreader.core import audit
from everyreader.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_events_are_append_only(make_user):
    event = audit.record(actor=make_user("administrator"), action="thing.done", object_type="x", object_id=1)
    event.action = "thing.undone"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get().action == "thing.done"


def test_audit_records_ip_of_the_request(client_as):
    client = client_as("administrator")
    client.post("/staff/organisation/branches/new/", {"code": "north", "name": "North", "opening_days": [0, 1]},
                REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="branch.created")
    assert event.ip_address == "10.1.2.3"
    assert event.actor_label == client.user.username


@pytest.mark.parametrize("role,status", [
    ("administrator", 200), ("programme_manager", 403), ("department_head", 403),
    ("librarian", 403), ("reader", 403),
])
def test_audit_log_page_is_for_administrators_only(client_as, role, status):
    assert client_as(role).get("/staff/audit/").status_code == status


def test_audit_log_filters(client_as):
    client = client_as("administrator")
    audit.record(actor=client.user, action="staff.updated", object_type="accounts.user", object_id=7)
    audit.record(actor=client.user, action="branch.created", object_type="accounts.branch", object_id=1)
    html = client.get("/staff/audit/", {"action": "staff."}).content.decode()
    assert "staff.updated" in html and "branch.created" not in html
    bad = client.get("/staff/audit/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert client.get("/staff/audit/", {"date_from": "not-a-date"}).status_code == 200
