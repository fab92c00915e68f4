"""Factories and fixtures for the desk, self-service, notices, privacy and statistics tests.
Loans and holds are made directly (not through the services) so these tests pin down one thing."""

from __future__ import annotations

import datetime as dt

import factory
import pytest
from django.utils import timezone

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation.models import Hold, HoldStatus, Loan, LoanStatistic, Transfer, TransferReason
from everyreader.readers.tests.factories import ReaderFactory


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    item = factory.SubFactory(ItemFactory, status=ItemStatus.ON_LOAN)
    reader = factory.SubFactory(ReaderFactory)
    branch = factory.LazyAttribute(lambda o: o.item.branch)
    checked_out_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    due_at = factory.LazyAttribute(lambda o: o.checked_out_at + dt.timedelta(days=28))


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    reader = factory.SubFactory(ReaderFactory)
    record = factory.SubFactory(RecordFactory)
    pickup_branch = factory.SubFactory(BranchFactory, code="central", name="总馆")
    status = HoldStatus.WAITING
    placed_at = factory.LazyFunction(timezone.now)


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    item = factory.SubFactory(ItemFactory, status=ItemStatus.IN_TRANSIT)
    from_branch = factory.LazyAttribute(lambda o: o.item.branch)
    to_branch = factory.SubFactory(BranchFactory, code="east", name="东区分馆")
    reason = TransferReason.RETURN_HOME
    sent_at = factory.LazyFunction(timezone.now)


class StatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoanStatistic

    date = factory.LazyFunction(timezone.localdate)
    branch = factory.SubFactory(BranchFactory, code="central", name="总馆")
    format = "print"
    channel = "desk"
    reader_category = "adult"


def due_in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def english(client):
    """Pages in English, so assertions can name the English texts."""
    client.cookies["everyreader_language"] = "en"
    return client
