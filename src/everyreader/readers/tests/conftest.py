import pytest

from everyreader.readers import needs_services
from everyreader.readers.tests.factories import ReaderFactory


@pytest.fixture
def reader(db):
    return ReaderFactory()


@pytest.fixture
def depthead(make_user):
    return make_user("department_head")


@pytest.fixture
def consented(reader, depthead):
    needs_services.consent_give(actor=depthead, reader=reader, channel="in_person")
    return reader


LOW_VISION = {"needs": [{"type": "low-vision", "level": "a_lot", "source": "self", "since": "2024-03"}],
              "formats": ["large_print"], "large_print_size": 24, "assistance": ["home_delivery"]}


@pytest.fixture
def with_needs(consented, depthead):
    needs_services.needs_profile_set(actor=depthead, reader=consented, data=LOW_VISION, reason="asked at desk")
    return consented
