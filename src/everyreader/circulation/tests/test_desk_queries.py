"""The desk's plain-SQL reads (desk_queries.py) answer exactly what their ORM twins answer."""

import pytest
from django.db.models import Q

from everyreader.circulation import desk_queries
from everyreader.circulation.models import ACTIVE_HOLD_STATUSES, HoldStatus, Loan
from everyreader.circulation.tests.factories import HoldFactory, ItemFactory, LoanFactory, ReaderFactory
from everyreader.readers.models import Reader

pytestmark = pytest.mark.django_db


def test_item_by_barcode_is_the_item_with_its_record(item):
    found = desk_queries.item_by_barcode(f"  {item.barcode} ")
    assert (found.pk, found.record_id, found.barcode, found.branch_id, found.format, found.status) == \
        (item.pk, item.record_id, item.barcode, item.branch_id, item.format, item.status)
    assert found.record.title == item.record.title and found.record.pk == item.record_id
    assert found.call_number == item.call_number  # other columns load when read, as with .only()
    assert desk_queries.item_by_barcode("NOPE") is None and desk_queries.item_by_barcode("") is None


def test_reader_by_card(reader):
    found = desk_queries.reader_by_card(f" {reader.card_number} ")
    assert (found.pk, found.category, found.is_active, found.anonymised_at, found.user_id) == \
        (reader.pk, reader.category, reader.is_active, reader.anonymised_at, reader.user_id)
    assert desk_queries.reader_by_card("NOPE") is None
    assert isinstance(found, Reader) and found.home_branch_id == reader.home_branch_id


def test_open_loan_count_of_reader_load_matches_the_orm(reader, central):
    LoanFactory.create_batch(2, reader=reader, item__format="print", item__branch=central)
    LoanFactory(reader=reader, item__format="audio", item__branch=central)
    returned = LoanFactory(reader=reader, item__format="print", item__branch=central)
    Loan.objects.filter(pk=returned.pk).update(returned_at=returned.checked_out_at)
    LoanFactory(item__branch=central)  # someone else's
    orm = Loan.objects.filter(reader=reader, returned_at__isnull=True)
    assert desk_queries.reader_load(reader_id=reader.pk)[0] == orm.count() == 3
    assert desk_queries.reader_load(reader_id=reader.pk, format="print")[0] == \
        orm.filter(item__format="print").count() == 2
    assert desk_queries.reader_load(reader_id=ReaderFactory().pk)[0] == 0


def test_holds_at_checkout_match_the_orm(item, reader, other_reader, central):
    on_this_copy = HoldFactory(reader=other_reader, record=item.record, item=item, pickup_branch=central,
                               status=HoldStatus.READY)
    own_on_record = HoldFactory(reader=reader, record=item.record, pickup_branch=central)
    HoldFactory(reader=ReaderFactory(), record=item.record, item=item, pickup_branch=central,
                status=HoldStatus.CANCELLED)  # closed
    HoldFactory(reader=reader, pickup_branch=central)  # another record
    HoldFactory(reader=ReaderFactory(), record=item.record, pickup_branch=central)  # in the queue, no copy yet
    found = desk_queries.holds_at_checkout(item=item, reader_id=reader.pk)
    orm = _orm_holds(item, reader)
    assert {h.pk for h in found} == {h.pk for h in orm} == {on_this_copy.pk, own_on_record.pk}
    assert {h.pk: (h.status, h.item_id, h.reader_id) for h in found} == \
        {h.pk: (h.status, h.item_id, h.reader_id) for h in orm}


def _orm_holds(item, reader):
    from everyreader.circulation.models import Hold

    return list(Hold.objects.filter(Q(item=item) | Q(reader=reader, record_id=item.record_id),
                                    status__in=ACTIVE_HOLD_STATUSES))


def test_api_token_sign_in(make_user, client):
    from rest_framework.authtoken.models import Token

    user = make_user("librarian")
    key = Token.objects.create(user=user).key
    response = client.get("/api/v1/circulation/policies/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/api/v1/circulation/policies/", HTTP_AUTHORIZATION=f"Token {key}",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "inactive" in str(response.json())
    response = client.get("/api/v1/circulation/policies/", HTTP_AUTHORIZATION="Token nope", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "Invalid token" in str(response.json())
