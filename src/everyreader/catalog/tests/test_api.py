import pytest

from everyreader.catalog import indexing
from everyreader.catalog.models import Record
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory

pytestmark = pytest.mark.django_db


def test_search_api_returns_results_and_facets(client):
    records = [RecordFactory(title="骆驼祥子", format="braille"), RecordFactory(title="骆驼祥子", format="print")]
    ItemFactory(record=records[0])
    indexing.index_records(records)
    data = client.get("/api/v1/catalog/search/", {"q": "骆驼祥子", "format": "braille"}).json()
    assert data["total"] == 1 and data["results"][0]["id"] == records[0].pk
    assert {v["value"]: v["count"] for v in data["facets"]["format"]} == {"braille": 1, "print": 1}
    assert data["total_is_estimate"] is False and data["facet_counts_are_estimates"] is False


def test_record_api_shows_schema_org_and_availability(client):
    record = RecordFactory(accessibility_features=["braille"], format="braille", braille_grade=2)
    ItemFactory(record=record)
    data = client.get(f"/api/v1/catalog/records/{record.pk}/").json()
    assert data["schema_org"]["accessibilityFeature"] == ["braille"]
    assert data["availability"] == [{"branch": "central", "available": 1, "total": 1}]


def test_record_api_create_validates_through_the_service(client_as):
    client = client_as("department_head")
    response = client.post("/api/v1/catalog/records/", {"title": "x", "format": "print", "isbn": "12"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "isbn" in response.json()["error"]["fields"]
    assert Record.objects.count() == 0
    response = client.post("/api/v1/catalog/records/", {"title": "新书", "format": "print",
                                                        "accessibility_features": ["largePrint"]},
                           content_type="application/json")
    assert response.status_code == 201


def test_items_api_filters_by_record(client_as):
    a, b = RecordFactory(), RecordFactory()
    ItemFactory(record=a)
    ItemFactory(record=b)
    data = client_as("librarian").get("/api/v1/catalog/items/", {"record": a.pk}).json()
    assert [i["record"] for i in data["results"]] == [a.pk]


@pytest.mark.parametrize("payload", [
    {"title": "x", "contributors": {"a": 1}},
    {"title": "x", "access_mode_sufficient": "textual"},
    {"title": "x", "identifiers": [1, 2]},
    {"title": "x", "year": -5},
])
def test_record_api_rejects_malformed_json(client_as, payload):
    response = client_as("department_head").post("/api/v1/catalog/records/", payload,
                                                 content_type="application/json")
    assert response.status_code == 400
    assert Record.objects.count() == 0
