import pytest

from everyreader.circulation.models import CirculationPolicy
from everyreader.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = ["/staff/circulation/policies/", "/staff/circulation/policies/new/",
         "/staff/circulation/policies/{pk}/edit/", "/staff/circulation/policies/{pk}/delete/"]


@pytest.mark.parametrize("role,expected", [("administrator", 200), ("librarian", 403), ("department_head", 403),
                                           ("programme_manager", 403), ("reader", 403)])
def test_permission_matrix(client_as, role, expected):
    pk = CirculationPolicy.objects.first().pk
    client = client_as(role)
    for page in PAGES:
        assert client.get(page.format(pk=pk)).status_code == expected, page
    assert client.post(f"/staff/circulation/policies/{pk}/delete/").status_code in (302 if expected == 200 else 403,)


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/staff/circulation/policies/").status_code == 302


def test_list_shows_the_matrix_in_few_queries(client_as, django_assert_max_num_queries):
    client = client_as("administrator")
    with django_assert_max_num_queries(12):
        response = client.get("/staff/circulation/policies/")
    html = response.content.decode()
    assert "<table" in html and html.count("<tr>") >= CirculationPolicy.objects.count()
    assert "/staff/circulation/policies/" in client.get("/staff/").content.decode()


def test_create_edit_delete(client_as, central):
    client = client_as("administrator")
    response = client.post("/staff/circulation/policies/new/", {
        "reader_category": "teen", "format": "audio", "branch": central.pk, "loan_days": 35, "max_renewals": 2,
        "item_limit": 10, "hold_limit": 5, "fine_per_day": "0", "grace_days": 0, "hold_pickup_days": 7,
        "auto_renew": "on"})
    assert response.status_code == 302
    policy = CirculationPolicy.objects.get(reader_category="teen", format="audio", branch=central)
    assert policy.auto_renew and not policy.free_postal
    edit = client.get(f"/staff/circulation/policies/{policy.pk}/edit/")
    assert 'value="35"' in edit.content.decode()
    client.post(f"/staff/circulation/policies/{policy.pk}/edit/", {
        "reader_category": "teen", "format": "audio", "branch": central.pk, "loan_days": 40, "max_renewals": 2,
        "item_limit": 10, "hold_limit": 5, "fine_per_day": "0", "grace_days": 0, "hold_pickup_days": 7})
    policy.refresh_from_db()
    assert policy.loan_days == 40 and not policy.auto_renew
    client.post(f"/staff/circulation/policies/{policy.pk}/delete/")
    assert not CirculationPolicy.objects.filter(pk=policy.pk).exists()
    assert AuditEvent.objects.filter(action__startswith="circulation_policy.").count() == 3


@pytest.mark.parametrize("bad", [{"loan_days": 0}, {"loan_days": "abc"}, {"fine_per_day": "-2"},
                                 {"reader_category": "nope"}, {"format": "scroll"}, {"branch": 99999},
                                 {"reader_category": "", "format": ""}])
def test_bad_input_shows_errors_and_saves_nothing(client_as, bad):
    client = client_as("administrator")
    before = CirculationPolicy.objects.count()
    data = {"reader_category": "teen", "format": "audio", "loan_days": 35, "max_renewals": 2, "item_limit": 10,
            "hold_limit": 5, "fine_per_day": "0", "grace_days": 0, "hold_pickup_days": 7, **bad}
    response = client.post("/staff/circulation/policies/new/", data)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert CirculationPolicy.objects.count() == before


def test_which_rule_applies(client_as, central):
    client = client_as("administrator")
    html = client.get("/staff/circulation/policies/", {"category": "senior", "format": "device",
                                                      "branch": central.pk}).content.decode()
    rows = list(CirculationPolicy.objects.select_related("branch").order_by("reader_category", "format",
                                                                            "branch__name", "id"))
    expected = next(i for i, p in enumerate(rows, 1) if p.reader_category == "senior" and p.format == "device")
    assert f'data-applies-row="{expected}"' in html
    CirculationPolicy.objects.all().delete()
    html = client.get("/staff/circulation/policies/", {"category": "senior", "format": "print",
                                                      "branch": central.pk}).content.decode()
    assert 'data-applies-row="0"' in html and "28" in html
    bad = client.get("/staff/circulation/policies/", {"category": "nope", "format": "print", "branch": "x"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
