import pytest

from everyreader.readers.tests.factories import ReaderFactory


@pytest.fixture
def reader(make_user):
    """A reader with a library card and a sign-in account holding the reader role."""
    return ReaderFactory(user=make_user("reader"))


@pytest.fixture
def librarian(make_user):
    return make_user("librarian")


@pytest.fixture
def head(make_user):
    return make_user("department_head")
