"""Every role x every catalogue page and endpoint."""

import pytest
from django.urls import reverse

from everyreader.catalog.models import ImportJob
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "librarian", "department_head", "programme_manager", "administrator"]
VIEWERS = {"librarian", "department_head", "programme_manager", "administrator"}
CATALOGUERS = {"department_head", "administrator"}
ITEM_EDITORS = {"librarian", "department_head", "administrator"}


@pytest.fixture
def objects(db):
    record = RecordFactory()
    item = ItemFactory(record=record)
    job = ImportJob.objects.create(filename="a.mrc", path="/a", status=ImportJob.Status.DONE)
    return record, item, job


def pages(record, item, job):
    # (url, roles allowed, public)
    return [
        (reverse("catalog:search"), set(ROLES), True),
        (reverse("catalog:record", args=[record.pk]), set(ROLES), True),
        (reverse("catalog:feed_accessible"), set(ROLES), True),
        (reverse("catalogue:record_list"), VIEWERS, False),
        (reverse("catalogue:record_detail", args=[record.pk]), VIEWERS, False),
        (reverse("catalogue:record_create"), CATALOGUERS, False),
        (reverse("catalogue:record_update", args=[record.pk]), CATALOGUERS, False),
        (reverse("catalogue:item_create", args=[record.pk]), ITEM_EDITORS, False),
        (reverse("catalogue:item_update", args=[item.pk]), ITEM_EDITORS, False),
        (reverse("catalogue:batch_edit") + f"?records={record.pk}", CATALOGUERS, False),
        (reverse("catalogue:export") + f"?records={record.pk}", VIEWERS, False),
        (reverse("catalogue:import_list"), CATALOGUERS, False),
        (reverse("catalogue:import_detail", args=[job.pk]), CATALOGUERS, False),
    ]


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(role, client, client_as, objects):
    c = _client(role, client, client_as)
    for url, allowed, public in pages(*objects):
        status = c.get(url).status_code
        if role in allowed:
            assert status == 200, (role, url, status)
        elif role == "anonymous":
            assert status == 302, (role, url, status)
        else:
            assert status == 403, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_writes_are_refused_without_permission(role, client, client_as, objects):
    record, item, job = objects
    c = _client(role, client, client_as)
    response = c.post(reverse("catalogue:record_update", args=[record.pk]), {"title": "改过", "format": "print"})
    record.refresh_from_db()
    if role in CATALOGUERS:
        assert record.title == "改过"
    else:
        assert response.status_code in (302, 403) and record.title != "改过"
    response = c.post(reverse("catalogue:batch_edit"), {"records": [record.pk], "format": "braille"})
    record.refresh_from_db()
    assert (record.format == "braille") == (role in CATALOGUERS)
    response = c.post(reverse("catalogue:import_resume", args=[job.pk]))
    assert response.status_code in ((302,) if role in CATALOGUERS else (302, 403))


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(role, client, client_as, objects):
    record, item, job = objects
    c = _client(role, client, client_as)
    assert c.get("/api/v1/catalog/search/", {"q": "测试"}).status_code == 200
    assert c.get(f"/api/v1/catalog/records/{record.pk}/").status_code == 200
    items = c.get("/api/v1/catalog/items/").status_code
    assert items == (200 if role in VIEWERS else 403 if role != "anonymous" else 401) or items in (401, 403) and role not in VIEWERS
    created = c.post("/api/v1/catalog/records/", {"title": "API 新书", "format": "print"},
                     content_type="application/json").status_code
    assert (created == 201) == (role in CATALOGUERS)
    patched = c.patch(f"/api/v1/catalog/items/{item.pk}/", {"status": "missing"},
                      content_type="application/json").status_code
    assert (patched == 200) == (role in ITEM_EDITORS)
