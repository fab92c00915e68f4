import pytest

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.circulation.tests.factories import ItemFactory, ReaderFactory, RecordFactory


@pytest.fixture
def central(db):
    return BranchFactory(code="central", name="总馆")


@pytest.fixture
def east(db):
    return BranchFactory(code="east", name="东区分馆")


@pytest.fixture
def librarian(make_user, central):
    return make_user("librarian", branch=central)


@pytest.fixture
def record(db):
    return RecordFactory()


@pytest.fixture
def item(record, central):
    return ItemFactory(record=record, branch=central)


@pytest.fixture
def reader(db, central):
    return ReaderFactory(home_branch=central)


@pytest.fixture
def other_reader(db, central):
    return ReaderFactory(home_branch=central)
