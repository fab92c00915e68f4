import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation.models import Loan
from everyreader.core.errors import DomainError
from everyreader.outreach import selectors, services
from everyreader.outreach.models import DeliveredRecord, PostalLoan, PostalStatus
from everyreader.outreach.tests.factories import make_profile
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    branch = BranchFactory()
    reader = ReaderFactory(address="上海市徐汇区漕溪北路 1 号")
    braille = ItemFactory(record=RecordFactory(title="盲文唐诗", format="braille"), format="braille", branch=branch)
    printed = ItemFactory(record=RecordFactory(title="普通书"), branch=branch)
    return {"librarian": make_user("librarian"), "branch": branch, "reader": reader, "braille": braille,
            "print": printed}


def test_dispatch_lends_by_post_with_free_postage_and_history(setup):
    postal = services.postal_dispatch(actor=setup["librarian"], reader=setup["reader"], item=setup["braille"],
                                      branch=setup["branch"], tracking_number="XA1CN")
    loan = Loan.objects.get(pk=postal.loan_id)
    assert loan.channel == "postal" and loan.reader == setup["reader"]
    assert postal.free_postage and postal.address.startswith("上海")
    from django.utils import timezone
    assert postal.due_on == timezone.localdate(loan.due_at) > postal.dispatched_on
    assert DeliveredRecord.objects.filter(reader=setup["reader"], source="postal").count() == 1
    setup["braille"].refresh_from_db()
    assert setup["braille"].status == ItemStatus.ON_LOAN


def test_dispatch_refuses_print_and_missing_address_and_permission(setup, make_user):
    with pytest.raises(DomainError):
        services.postal_dispatch(actor=setup["librarian"], reader=setup["reader"], item=setup["print"],
                                 branch=setup["branch"])
    no_address = ReaderFactory(address="")
    with pytest.raises(DomainError) as error:
        services.postal_dispatch(actor=setup["librarian"], reader=no_address, item=setup["braille"],
                                 branch=setup["branch"])
    assert error.value.field == "address"
    with pytest.raises(PermissionDenied):
        services.postal_dispatch(actor=make_user("programme_manager"), reader=setup["reader"],
                                 item=setup["braille"], branch=setup["branch"])
    assert not PostalLoan.objects.exists() and not Loan.objects.exists()
    setup["braille"].refresh_from_db()
    assert setup["braille"].status == ItemStatus.AVAILABLE


def test_return_checks_in_once_and_overdue_list(setup):
    from django.utils import timezone
    past = timezone.now() - dt.timedelta(days=90)
    postal = services.postal_dispatch(actor=setup["librarian"], reader=setup["reader"], item=setup["braille"],
                                      branch=setup["branch"], now=past)
    today = timezone.localdate()
    assert list(selectors.postal_list(overdue_on=today)) == [postal]
    with pytest.raises(DomainError):
        services.postal_return(actor=setup["librarian"], postal=postal, returned_on=today + dt.timedelta(days=1))
    services.postal_return(actor=setup["librarian"], postal=postal, return_tracking_number="XB1CN")
    postal.refresh_from_db()
    assert postal.status == PostalStatus.RETURNED and Loan.objects.get().returned_at is not None
    assert list(selectors.postal_list(overdue_on=today)) == []
    with pytest.raises(DomainError):
        services.postal_return(actor=setup["librarian"], postal=postal)


def test_suggestions_skip_titles_on_loan_at_the_desk(setup):
    from everyreader.circulation import services as circulation
    profile = make_profile(actor=setup["librarian"], reader=setup["reader"], branch=setup["branch"],
                           formats=["braille"], interests=[])
    other_copy = ItemFactory(record=setup["braille"].record, format="braille", branch=setup["branch"])
    other_edition = ItemFactory(record=RecordFactory(title="盲文唐诗（新版）", format="braille",
                                                     work_key=setup["braille"].record.work_key),
                                format="braille", branch=setup["branch"])
    fresh = ItemFactory(record=RecordFactory(title="盲文宋词", format="braille"), format="braille",
                        branch=setup["branch"])
    assert set(selectors.suggest_items(profile, limit=5)) == {setup["braille"], fresh} or \
        set(selectors.suggest_items(profile, limit=5)) == {other_copy, fresh}
    circulation.checkout(actor=setup["librarian"], item=setup["braille"], reader=setup["reader"],
                         branch=setup["branch"])
    suggested = selectors.suggest_items(profile, limit=5)
    assert suggested == [fresh] and other_copy not in suggested and other_edition not in suggested
