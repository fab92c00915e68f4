import factory
from django.utils import timezone

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory  # noqa: F401
from everyreader.circulation.models import Hold, Loan
from everyreader.readers.tests.factories import ReaderFactory  # noqa: F401


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    item = factory.SubFactory(ItemFactory, status="on_loan")
    reader = factory.SubFactory(ReaderFactory)
    branch = factory.LazyAttribute(lambda o: o.item.branch)
    checked_out_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.checked_out_at + timezone.timedelta(days=28))


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    reader = factory.SubFactory(ReaderFactory)
    record = factory.SubFactory(RecordFactory)
    pickup_branch = factory.SubFactory(BranchFactory, code="central", name="总馆")
    placed_at = factory.LazyFunction(timezone.now)
