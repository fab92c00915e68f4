import pytest

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.catalog import services
from everyreader.catalog.models import Item, Record
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import ItemStatus
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.search.selectors import SearchQuery, search

pytestmark = pytest.mark.django_db


def hits(text="", **filters):
    return {h.object_id for h in search(SearchQuery(text=text, filters=filters)).hits}


def test_record_create_indexes_and_audits(make_user):
    actor = make_user("department_head")
    record = services.record_create(actor=actor, title="骆驼祥子", responsibility="老舍著", contributors=["老舍"],
                                    format="large_print", large_print_size=20, isbn="978-7-02-000000-0",
                                    accessibility_features=["largePrint"], language="chi")
    assert record.control_number.startswith("ER")
    assert record.isbn == "9787020000000"
    assert record.work_key
    assert hits("骆驼祥子") == {record.pk}
    assert hits(format=["large_print"]) == {record.pk}
    assert AuditEvent.objects.filter(action="catalog.record_created", object_id=str(record.pk)).exists()


@pytest.mark.parametrize("fields, field", [
    ({"title": " "}, "title"),
    ({"title": "x", "format": "scroll"}, "format"),
    ({"title": "x", "isbn": "12"}, "isbn"),
    ({"title": "x", "accessibility_features": ["magic"]}, "accessibility_features"),
    ({"title": "x", "large_print_size": 8}, "large_print_size"),
])
def test_record_create_refuses_bad_input(make_user, fields, field):
    with pytest.raises(DomainError) as error:
        services.record_create(actor=make_user("department_head"), **fields)
    assert error.value.field == field
    assert Record.objects.count() == 0
    assert not AuditEvent.objects.filter(action="catalog.record_created").exists()


def test_record_update_reindexes(make_user):
    actor = make_user("department_head")
    record = services.record_create(actor=actor, title="旧标题")
    services.record_update(actor=actor, record=record, title="新标题", accessibility_features=["braille"])
    assert hits("新标题") == {record.pk}
    assert hits("旧标题") == set()
    assert hits(feature=["braille"]) == {record.pk}


def test_record_delete_refused_with_items_and_removes_from_index(make_user):
    actor = make_user("department_head")
    record = services.record_create(actor=actor, title="删除测试")
    item = ItemFactory(record=record)
    with pytest.raises(DomainError):
        services.record_delete(actor=actor, record=record)
    assert Record.objects.filter(pk=record.pk).exists()
    item.delete()
    services.record_delete(actor=actor, record=record)
    assert hits("删除测试") == set()


def test_item_changes_update_availability_facet(make_user):
    actor = make_user("librarian")
    record = services.record_create(actor=make_user("department_head"), title="边城")
    east = BranchFactory(code="east", name="东城分馆")
    item = services.item_create(actor=actor, record=record, barcode=" E1 ", branch=east)
    assert item.barcode == "E1" and item.format == record.format
    assert hits(available_at=["east"]) == {record.pk}
    services.item_set_status(actor=actor, item=item, status=ItemStatus.MISSING)
    assert hits(available_at=["east"]) == set()
    with pytest.raises(DomainError) as error:
        services.item_create(actor=actor, record=record, barcode="E1", branch=east)
    assert error.value.field == "barcode"
    assert Item.objects.count() == 1


def test_batch_update_sets_format_and_features(make_user):
    actor = make_user("department_head")
    records = [services.record_create(actor=actor, title=f"书{i}", accessibility_features=["tableOfContents"])
               for i in range(3)]
    ItemFactory(record=records[0])
    count = services.records_batch_update(actor=actor, record_ids=[r.pk for r in records[:2]], format="braille",
                                          add_features=["braille"], remove_features=["tableOfContents"],
                                          hazards=["none"], item_format=True)
    assert count == 2
    changed = Record.objects.get(pk=records[0].pk)
    assert changed.format == "braille"
    assert changed.accessibility_features == ["braille"]
    assert changed.accessibility_hazards == ["none"]
    assert Item.objects.get().format == "braille"
    assert Record.objects.get(pk=records[2].pk).accessibility_features == ["tableOfContents"]
    assert hits(format=["braille"]) == {records[0].pk, records[1].pk}
    assert AuditEvent.objects.filter(action="catalog.records_batch_updated").count() == 1


def test_batch_update_refuses_missing_records_and_changes_nothing(make_user):
    actor = make_user("department_head")
    record = RecordFactory()
    with pytest.raises(DomainError):
        services.records_batch_update(actor=actor, record_ids=[record.pk, 999999], format="braille")
    record.refresh_from_db()
    assert record.format == "print"
    with pytest.raises(DomainError):
        services.records_batch_update(actor=actor, record_ids=[], format="braille")


def test_item_status_changes_stay_out_of_circulation(make_user):
    actor = make_user("librarian")
    item = ItemFactory(status=ItemStatus.AVAILABLE)
    with pytest.raises(DomainError) as error:
        services.item_update(actor=actor, item=item, status=ItemStatus.ON_LOAN)
    assert error.value.code == "circulation_status" and error.value.field == "status"
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ON_LOAN)
    lent = Item.objects.get(pk=item.pk)
    with pytest.raises(DomainError) as error:
        services.item_update(actor=actor, item=lent, status=ItemStatus.AVAILABLE, call_number="I247/1")
    assert error.value.code == "in_circulation"
    lent.refresh_from_db()
    assert lent.status == ItemStatus.ON_LOAN and lent.call_number != "I247/1"  # nothing half written
    services.item_update(actor=actor, item=lent, call_number="I247/1")  # details may change
    assert Item.objects.get(pk=item.pk).call_number == "I247/1"


def test_item_edit_does_not_undo_a_checkout_made_meanwhile(make_user):
    actor = make_user("librarian")
    item = ItemFactory(status=ItemStatus.AVAILABLE)
    stale = Item.objects.get(pk=item.pk)
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ON_LOAN)  # a desk lent it meanwhile
    services.item_update(actor=actor, item=stale, shelf_location="二楼")
    assert Item.objects.get(pk=item.pk).status == ItemStatus.ON_LOAN
    with pytest.raises(DomainError) as error:
        services.item_update(actor=actor, item=stale, status=ItemStatus.MISSING)
    assert error.value.code == "conflict"
    assert Item.objects.get(pk=item.pk).status == ItemStatus.ON_LOAN


def test_missing_copy_found_again(make_user):
    item = ItemFactory(status=ItemStatus.MISSING)
    services.item_update(actor=make_user("librarian"), item=item, status=ItemStatus.AVAILABLE)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.AVAILABLE
