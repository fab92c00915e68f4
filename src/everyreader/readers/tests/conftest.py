import pytest

from everyreader.readers import needs_services, segment_services
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


@pytest.fixture
def world(db, make_user):
    """A consented reader with needs and a latent need, a plain and a needs-based segment."""
    head = make_user("department_head")
    reader = ReaderFactory(service_preferences=["large_print_letters"])
    needs_services.consent_give(actor=head, reader=reader, channel="in_person")
    needs_services.needs_profile_set(actor=head, reader=reader, data=LOW_VISION, reason="desk")
    latent = needs_services.latent_need_record(actor=head, reader=reader, need_type="walking", observation="stick")
    plain = segment_services.segment_create(actor=head, name="老年读者", rules={
        "match": "all", "conditions": [{"field": "category", "op": "in", "value": ["senior"]}]})
    sensitive = segment_services.segment_create(actor=head, name="低视力", rules={
        "match": "all", "conditions": [{"field": "need", "op": "has_any", "value": ["low-vision"]}]})
    return {"reader": reader, "latent": latent, "plain": plain, "sensitive": sensitive}
